using InteractionEngine.Cli.Commands;
using InteractionEngine.Domain.Conversations;
using InteractionEngine.Projections.ReadModels;

namespace InteractionEngine.Cli.Tests;

/// <summary>How `ie transcript` writes a line: shared cards and locations structured, not as an empty message.</summary>
public class TranscriptLineTextTests
{
    private static TranscriptLine Line(SharedContent shared) => new()
    {
        Id = "acme:ana/m/1", Tenant = "acme", Contact = "ana", ConversationId = "acme:ana", Position = 1, Interaction = 1,
        Kind = TranscriptLineKind.Message, Channel = ChannelKind.WhatsApp, Media = MediaType.Chat,
        Author = new Author(Party.Contact, "ana"), At = DateTimeOffset.UnixEpoch, Shared = shared,
    };

    [Fact]
    public void A_shared_card_shows_its_name_organization_phones_and_emails()
    {
        var card = new SharedContact("Rita Sousa", [new SharedPhone("+351 912 345 678", "351912345678")], ["rita@example.pt"], "Loja do Chiado");
        Assert.Equal(" [contact: Rita Sousa, Loja do Chiado, +351 912 345 678, rita@example.pt]", TranscriptCommand.What(Line(new SharedContent([card]))));
    }

    [Fact]
    public void A_shared_location_shows_its_name_address_and_coordinates()
    {
        var place = new SharedLocation(38.7139, -9.1394, "Armazém Central", "Rua Augusta 100, Lisboa");
        Assert.Equal(" [location: Armazém Central, Rua Augusta 100, Lisboa, 38.7139, -9.1394]", TranscriptCommand.What(Line(new SharedContent(Location: place))));
    }

    [Fact]
    public void A_private_note_is_marked_internal_and_a_Done_line_shows_its_wrap_up()
    {
        var line = Line(new SharedContent());
        Assert.Equal("[internal note] VIP", TranscriptCommand.What(line with { Kind = TranscriptLineKind.Note, Text = "VIP", Shared = null, Internal = true }));
        Assert.Equal("done by agent-1 [callback: Call back later] — ring after 5pm", TranscriptCommand.What(line with
        {
            Kind = TranscriptLineKind.Done, Shared = null, AgentId = "agent-1", WrapUpCode = "callback", WrapUpLabel = "Call back later", WrapUpNote = "ring after 5pm",
        }));
    }
}
