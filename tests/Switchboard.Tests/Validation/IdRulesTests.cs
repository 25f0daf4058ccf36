using Switchboard.Gateway.Validation;

namespace Switchboard.Tests.Validation;

public sealed class IdRulesTests
{
    [Theory]
    [InlineData("a")]
    [InlineData("alice")]
    [InlineData("Agent_007")]
    [InlineData("t-4az5he9d858rjdh6")]
    [InlineData("eu.west-1")]
    [InlineData("9lives")]
    public void Names_of_letters_digits_dot_underscore_and_dash_are_accepted(string name)
    {
        Assert.Null(IdRules.CheckName(name));
    }

    [Fact]
    public void Name_of_exactly_64_characters_is_accepted()
    {
        Assert.Null(IdRules.CheckName(new string('a', IdRules.MaxNameLength)));
    }

    [Fact]
    public void Name_over_64_characters_is_refused_with_its_length()
    {
        Assert.Equal("is 65 characters; at most 64 are allowed", IdRules.CheckName(new string('a', 65)));
    }

    [Fact]
    public void Empty_name_is_required()
    {
        Assert.Equal("is required", IdRules.CheckName(""));
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("tenant/agent")]
    [InlineData("-leading-dash")]
    [InlineData(".hidden")]
    [InlineData("_underscore")]
    [InlineData("émile")]
    [InlineData("tab\there")]
    [InlineData("trailing\n")]
    [InlineData("a:b")]
    public void Names_with_other_characters_or_a_bad_start_are_refused(string name)
    {
        Assert.Equal("may hold only letters, digits, '.', '_' and '-', and must start with a letter or digit", IdRules.CheckName(name));
    }

    [Theory]
    [InlineData("conv-1")]
    [InlineData("<CAF=x@mail.example.com>")]
    [InlineData("+15550100")]
    [InlineData("dana@example.com")]
    [InlineData("wamid.HBgLMTU1NTAxMDAVAgARGBI=")]
    [InlineData("ünïcode/ok:yes")]
    public void External_ids_may_hold_any_visible_characters(string id)
    {
        Assert.Null(IdRules.CheckExternal(id));
    }

    [Fact]
    public void External_id_of_exactly_256_characters_is_accepted()
    {
        Assert.Null(IdRules.CheckExternal(new string('x', IdRules.MaxExternalIdLength)));
    }

    [Fact]
    public void External_id_over_256_characters_is_refused_with_its_length()
    {
        Assert.Equal("is 257 characters; at most 256 are allowed", IdRules.CheckExternal(new string('x', 257)));
    }

    [Fact]
    public void Empty_external_id_is_required()
    {
        Assert.Equal("is required", IdRules.CheckExternal(""));
    }

    [Theory]
    [InlineData("two words")]
    [InlineData(" leading")]
    [InlineData("tab\there")]
    [InlineData("new\nline")]
    [InlineData("nul\0byte")]
    [InlineData("no\u00A0break")]
    public void External_ids_with_spaces_or_control_characters_are_refused(string id)
    {
        Assert.Equal("may not contain spaces or control characters", IdRules.CheckExternal(id));
    }
}
