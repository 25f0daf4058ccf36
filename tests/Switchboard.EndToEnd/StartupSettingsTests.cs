using Switchboard.Silo.Hosting;

namespace Switchboard.EndToEnd;

public sealed class StartupSettingsTests
{
    [Theory]
    [InlineData("--Switchboard:Storage:Kind=mysql", "Switchboard:Storage:Kind")]
    [InlineData("--Switchboard:Storage:Kind=postgres", "Switchboard:Storage:ConnectionString")]
    [InlineData("--Switchboard:Mode=proxy", "Switchboard:Mode")]
    public void Unusable_setting_stops_startup_naming_the_setting(string setting, string named)
    {
        var error = Assert.Throws<InvalidOperationException>(() => SwitchboardHost.Build([setting]));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Gateway_mode_without_a_connection_string_names_the_setting()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            SwitchboardHost.Build(["--mode", "gateway", "--Switchboard:Storage:Kind=postgres"]));

        Assert.Contains("Switchboard:Storage:ConnectionString", error.Message, StringComparison.Ordinal);
    }
}
