using System.Buffers.Text;
using System.Text;
using InteractionEngine.Domain.Conversations;
using InteractionEngine.Host.Http;
using InteractionEngine.Projections.ReadYourWrites;

namespace InteractionEngine.Host.Tests.ReadYourWrites;

/// <summary>The read position token: what a command's answer gives and a read accepts.</summary>
public class ReadPositionTests
{
    private static readonly ConversationId Ana = new("acme", "ana.sousa+pt@example");

    private static string Encoded(string text) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(text));

    [Fact]
    public void A_formatted_position_parses_back_to_the_same_conversation_and_version_and_is_url_safe()
    {
        var position = new ReadPosition(Ana, 42);
        var text = position.Format();

        Assert.Equal(position, ReadPosition.TryParse(text));
        Assert.Equal(text, Uri.EscapeDataString(text)); // goes into a query string as it is
        Assert.StartsWith("1.", text);
    }

    [Fact]
    public void Version_zero_is_a_position_a_conversation_with_no_events_yet_answers()
    {
        Assert.Equal(new ReadPosition(Ana, 0), ReadPosition.TryParse(new ReadPosition(Ana, 0).Format()));
    }

    [Fact]
    public void A_reply_gives_a_position_only_when_it_carries_the_conversation_version()
    {
        Assert.Equal(new ReadPosition(Ana, 7), ReadPosition.Of(new Reply(ReplyCode.Duplicate, Version: 7), Ana));
        Assert.Null(ReadPosition.Of(new Reply(ReplyCode.Accepted), Ana)); // an answer remembered before positions existed
    }

    public static TheoryData<string?> Malformed() => new()
    {
        null,
        "",
        "42",
        "garbage",
        "1.x",
        $"1.{Encoded("acme:ana")}",
        $"1.{Encoded("acme:ana")}.7.8",
        $"2.{Encoded("acme:ana")}.7",                 // a format this engine does not write
        $"1.{Encoded("acme:ana")}.-1",
        $"1.{Encoded("acme:ana")}.+7",
        $"1.{Encoded("acme:ana")}.7e3",
        $"1.{Encoded("acme:ana")}.007",               // one position, one spelling
        $"1.{Encoded("acme:ana")}. 7",
        $"1.{Encoded("acme:ana")}.99999999999999999999", // beyond a long
        "1.acme:ana.7",                                // not encoded
        "1.YWNtZTphbmE=.7",                            // base64 with padding, not base64url
        "1.!!!!.7",
        $"1.{Encoded("ana")}.7",                       // no tenant
        $"1.{Encoded("acme:")}.7",
        $"1.{Encoded(":ana")}.7",
        $"1.{Encoded("acme:an a")}.7",                 // not a valid contact id
        $"1.{Encoded("acme:ana:x")}.7",
        $"1.{Base64Url.EncodeToString([0x61, 0x3A, 0xFF, 0xFE])}.7", // not UTF-8
        $"1.{Encoded("acme:" + new string('a', 300))}.7",
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Anything_but_a_position_this_api_formatted_is_refused(string? text) => Assert.Null(ReadPosition.TryParse(text));
}
