using InteractionEngine.Domain.Conversations;
using static InteractionEngine.Domain.Tests.Conversations.Scenario;

namespace InteractionEngine.Domain.Tests.Conversations;

/// <summary>Contact media: a channel-held attachment's fetch outcome is recorded once; shared cards and locations are kept.</summary>
public class ContactMediaTests
{
    private const string Media = "whatsapp-media:111";
    private static readonly Attachment Copy = new("attachment:" + Guid.Empty, "image/jpeg", 1234, "photo.jpg", null, "ab12");

    private static ReceiveMessage Photo(string wamid = "w1") =>
        new(Id, ChannelKind.WhatsApp, wamid, null, [new Attachment(Media, "image/jpeg", 0, null, "the box", "q83vEjRWeJA=")], At(0), At(0),
            ChannelMessageType: "image");

    private static RecordAttachmentFetch Stored(long number = 1, int index = 0, int attempt = 1) =>
        new(Id, number, index, Media, Copy, null, attempt, false, At(1));

    private static RecordAttachmentFetch Failed(string reason, bool retryable, int attempt = 1, long number = 1) =>
        new(Id, number, 0, Media, null, reason, attempt, retryable, At(1));

    [Fact]
    public void An_inbound_media_attachment_starts_pending_and_its_stored_copy_is_recorded()
    {
        var state = Given(Photo());
        Assert.True(Started(state).MediaFetches!.TryGet(Conversation.MediaKey(1, 0), out var pending));
        Assert.Equal(MediaFetchStatus.Pending, pending);

        var stored = Assert.IsType<AttachmentStored>(Assert.Single(When(state, Stored()).Events));
        Assert.Equal((1L, 0, Media, Copy), (stored.MessageNumber, stored.Index, stored.ChannelReference, stored.Stored));
    }

    [Fact]
    public void A_stored_attachment_is_recorded_once_a_refetch_changes_nothing()
    {
        var state = Given(Photo(), Stored());
        Assert.Equal(ReplyCode.Unchanged, When(state, Stored(attempt: 1)).Reply.Code);
        Assert.Equal(ReplyCode.Unchanged, When(state, Failed("404", retryable: false)).Reply.Code);
    }

    [Fact]
    public void Retryable_failures_keep_it_pending_and_a_final_failure_ends_it()
    {
        var state = Given(Photo(), Failed("HTTP 500", retryable: true), Failed("HTTP 500", retryable: true, attempt: 2));
        Assert.True(Started(state).MediaFetches!.TryGet(Conversation.MediaKey(1, 0), out var status));
        Assert.Equal(MediaFetchStatus.Pending, status);

        var final = Apply(state, When(state, Failed("media expired", retryable: false, attempt: 3)));
        Assert.True(Started(final).MediaFetches!.TryGet(Conversation.MediaKey(1, 0), out status));
        Assert.Equal(MediaFetchStatus.Failed, status);
        Assert.Equal(ReplyCode.Unchanged, When(final, Stored()).Reply.Code);
    }

    [Fact]
    public void An_attachment_that_is_not_channel_media_has_nothing_to_fetch()
    {
        var state = Given(Inbound("w1"), Photo("w2"));
        Assert.Equal(ReplyCode.NotFound, When(state, Stored(number: 1)).Reply.Code);
        Assert.Equal(ReplyCode.NotFound, When(state, Stored(number: 2, index: 1)).Reply.Code);
        Assert.Equal(ReplyCode.NotFound, When(Given(Route()), Stored()).Reply.Code);
    }

    [Theory]
    [InlineData(0, 0, 1, "whatsapp-media:1", true, null, "message number")]
    [InlineData(1, -1, 1, "whatsapp-media:1", true, null, "index")]
    [InlineData(1, 0, 0, "whatsapp-media:1", true, null, "attempt")]
    [InlineData(1, 0, 1, "attachment:x", true, null, "not media a channel holds")]
    [InlineData(1, 0, 1, "whatsapp-media:1", true, "both", "either")]
    [InlineData(1, 0, 1, "whatsapp-media:1", false, null, "either")]
    public void A_malformed_fetch_outcome_is_invalid(long number, int index, int attempt, string reference, bool stored, string? reason, string problem)
    {
        var command = new RecordAttachmentFetch(Id, number, index, reference, stored ? Copy : null, reason, attempt, false, At(1));
        var decision = When(Given(Photo()), command);
        Assert.Equal(ReplyCode.Invalid, decision.Reply.Code);
        Assert.Contains(problem, decision.Reply.Reason);
    }

    [Fact]
    public void A_stored_copy_must_be_the_engines_own_with_a_size()
    {
        var decision = When(Given(Photo()), Stored() with { Stored = Copy with { SizeBytes = 0 } });
        Assert.Equal(ReplyCode.Invalid, decision.Reply.Code);
    }

    [Fact]
    public void A_shared_contact_card_or_location_is_kept_on_the_message()
    {
        var shared = new SharedContent(
            [new SharedContact("Rita Sousa", [new SharedPhone("+351 912 345 678", "351912345678", "CELL")], ["rita@example.com"], "Acme")],
            new SharedLocation(38.7223, -9.1393, "Loja Chiado", "Rua Garrett 1, Lisboa"));
        var command = Inbound("w1", text: null!) with { ChannelMessageType = "contacts", Shared = shared };
        var received = Assert.IsType<MessageReceived>(When(new ConversationState.None(), command).Events[^1]);
        Assert.Same(shared, received.Shared);
    }
}
