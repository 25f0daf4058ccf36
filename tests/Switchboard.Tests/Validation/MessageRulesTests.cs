using Switchboard.Gateway.Validation;

namespace Switchboard.Tests.Validation;

public sealed class MessageRulesTests
{
    [Theory]
    [InlineData("Hi")]
    [InlineData("line one\nline two\r\n\tindented")]
    [InlineData("emoji 📦 and ünïcode")]
    public void Ordinary_text_is_accepted(string body)
    {
        Assert.Null(MessageRules.CheckBody(body));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("\r\n\t ")]
    public void Empty_or_blank_body_is_refused(string body)
    {
        Assert.Equal("is empty; send the message text", MessageRules.CheckBody(body));
    }

    [Fact]
    public void Body_of_exactly_16_KiB_is_accepted()
    {
        Assert.Null(MessageRules.CheckBody(new string('a', MessageRules.MaxBodyBytes)));
    }

    [Fact]
    public void Body_one_byte_over_16_KiB_is_refused_with_its_size()
    {
        Assert.Equal("is 16385 bytes; at most 16384 bytes (UTF-8) are allowed", MessageRules.CheckBody(new string('a', MessageRules.MaxBodyBytes + 1)));
    }

    [Fact]
    public void Limit_counts_utf8_bytes_not_characters()
    {
        // 8,192 two-byte characters are exactly 16 KiB; one more ASCII character is over it.
        var atLimit = new string('é', MessageRules.MaxBodyBytes / 2);
        Assert.Null(MessageRules.CheckBody(atLimit));
        Assert.Equal("is 16385 bytes; at most 16384 bytes (UTF-8) are allowed", MessageRules.CheckBody(atLimit + "a"));
    }

    [Theory]
    [InlineData("bell\a", "U+0007")]
    [InlineData("nul\0", "U+0000")]
    [InlineData("escape\u001b[31m", "U+001B")]
    [InlineData("delete\u007f", "U+007F")]
    public void Control_characters_other_than_tab_cr_lf_are_refused(string body, string codePoint)
    {
        Assert.Equal($"contains control character {codePoint}", MessageRules.CheckBody(body));
    }
}
