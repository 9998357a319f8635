using Akka.TestKit.Xunit2;
using InteractionEngine.Actors.Conversations;
using InteractionEngine.Actors.Serialization;
using InteractionEngine.Actors.Timers;
using InteractionEngine.Domain.Conversations;
using static InteractionEngine.Actors.Tests.TestCommands;

namespace InteractionEngine.Actors.Tests;

/// <summary>Every stored type survives a round trip under its manifest, so a rename cannot silently break replay.</summary>
public class SerializerRoundTripSpecs : TestKit
{
    private static readonly ConversationId Id = new("acme", "contact-1");
    private static readonly Attachment Image = new("media:123", "image/jpeg", 48_213, "photo.jpg", "the invoice 📄");
    private static readonly NotificationContent Notification = new("appointment_reminder", "en_US", "Hi Ana, see you at 10:00?",
        new Dictionary<string, string> { ["name"] = "Ana", ["time"] = "10:00" }, Image,
        [new NotificationButton(NotificationButtonKind.QuickReply, "Yes"), new NotificationButton(NotificationButtonKind.CallPhone, "Call us", "+4930123456")]);

    public static TheoryData<object> Samples() => new()
    {
        new InteractionOpened(Id, 1, ChannelKind.WhatsApp, InteractionOrigin.Inbound, T0),
        new InteractionRouted(Id, 1, "agent-1", "skill:billing", "agent-0", T0),
        new MessageReceived(Id, 1, 1, ChannelKind.WhatsApp, "wamid.1", "Olá 👋🏽 日本", [Image], T0, T0, "wamid.0", new ButtonReply("YES", "Yes"), "button"),
        new MessageReceived(Id, 1, 2, ChannelKind.WhatsApp, "wamid.2", "hi", [], T0, T0, ProfileName: "Rita Gomes 🌻"),
        new MessageSent(Id, 1, 2, ChannelKind.WhatsApp, "agent-1", "client-1", "✅", [Image], T0),
        new NotificationSent(Id, 1, 3, ChannelKind.WhatsApp, "agent-1", "n-1", Notification, T0),
        new DeliveryStatusChanged(Id, 2, DeliveryStatus.Failed, "wamid.out", new DeliveryError(131026, "Message undeliverable", "not on WhatsApp"), T0),
        new SessionEnded(Id, 1, Party.Contact, null, "left", T0),
        new MarkedDone(Id, 1, "agent-1", T0),
        new Reactivated(Id, 2, 1, true, Party.Agent, "agent-1", ChannelKind.Sms, T0),
        new MessagesRead(Id, "agent-1", 3, T0),
        new MarkedUnread(Id, "agent-1", 2, T0),
        new IdleAlertRaised(Id, 1, T0, T0.AddMinutes(5)),
        new WakeUpScheduled(Id, T0),
        new WakeUpCleared(Id),
        new RequestWakeUp(Id, T0),
        new ReplaceWakeUp(Id, null),
        new TimerRegistrySnapshot([new WakeUpScheduled(Id, T0)]),
        new Reply(ReplyCode.Duplicate, "seen", new MessageRef(1, 2), 1),
        Inbound(Id, "wamid.9"),
        new MarkRead(Id, "agent-1", 4, T0),
        new CorrelatedCommand(Inbound(Id, "wamid.10"), "req-42"),
        new Actors.ReadSide.ReadSideCommitted(42),
        new Actors.ReadSide.ConversationEventPersisted("conversation-acme:contact-1", 7,
            new MessageReceived(Id, 1, 3, ChannelKind.WhatsApp, "wamid.7", "Olá 👋", [Image], T0, T0), T0, "req-42"),
        new Actors.ReadSide.ConversationEventPersisted("conversation-acme:contact-1", 8, new MarkedDone(Id, 1, "agent-1", T0), T0, null),
        new ChannelStateChanged(Id, ChannelKind.WhatsApp, "351912345678", ChannelState.Warning, "Message undeliverable", 131026, T0),
        new RecordChannelDeliveryStatus(Id, "wamid.out", DeliveryStatus.Delivered, null, T0),
        new ExpireUnknownDelivery(Id, 2, new DeliveryError(-1, "outcome unknown"), T0),
        new RequestChannelConnection(Id, "agent-1", "connect-1", ChannelKind.WhatsApp, "351912345678", Notification, T0),
        new RecordChannelState(Id, ChannelKind.WhatsApp, "351912345678", ChannelState.Connected, "validation delivered", null, T0),
        new ValidateChannel(Id, "agent-1", "validate-1", ChannelKind.WhatsApp, "351912345678", Notification, T0),
        new ChannelValidationRequested(Id, ChannelKind.WhatsApp, "351912345678", 3, "agent-1", "validate-1", Notification, T0),
    };

    [Theory]
    [MemberData(nameof(Samples))]
    public void Round_trips_under_a_stable_manifest(object sample)
    {
        var serializer = Assert.IsType<InteractionSerializer>(Sys.Serialization.FindSerializerFor(sample));
        var bytes = serializer.ToBinary(sample);
        var back = serializer.FromBinary(bytes, serializer.Manifest(sample));

        Assert.Equal(Json(sample), Json(back));
        Assert.DoesNotContain("InteractionEngine", System.Text.Encoding.UTF8.GetString(bytes)); // no CLR type names
    }

    [Fact]
    public void Every_event_type_has_a_sample()
    {
        var covered = ((IEnumerable<object[]>)Samples()).Select(row => row[0].GetType()).ToHashSet();
        Assert.All(Manifests.EventTypes, t => Assert.Contains(t, covered));
    }

    [Fact]
    public void Conversation_snapshot_round_trips_to_the_same_state()
    {
        var state = (ConversationState.Started)Conversation.Replay([
            new InteractionOpened(Id, 1, ChannelKind.WhatsApp, InteractionOrigin.Inbound, T0),
            new MessageReceived(Id, 1, 1, ChannelKind.WhatsApp, "wamid.1", "hi", [], T0, T0),
            new InteractionRouted(Id, 1, "agent-1", "skill", null, T0),
            new MessageSent(Id, 1, 2, ChannelKind.WhatsApp, "agent-1", "client-1", "hello", [], T0),
        ]);
        var snapshot = ConversationSnapshot.From(state);
        var serializer = Assert.IsType<InteractionSerializer>(Sys.Serialization.FindSerializerFor(snapshot));
        var back = (ConversationSnapshot)serializer.FromBinary(serializer.ToBinary(snapshot), serializer.Manifest(snapshot));

        Assert.Equal(Json(ConversationSnapshot.From(state)), Json(back));
        var restored = back.ToState();
        Assert.Equal(state.Current, restored.Current);
        Assert.True(restored.ProcessedKeys.TryGet("in:wamid.1", out var original) && original == new MessageRef(1, 1));
    }

    [Fact]
    public void Event_json_is_readable_and_keeps_emoji_exactly()
    {
        var e = new MessageReceived(Id, 1, 1, ChannelKind.WhatsApp, "wamid.1", "Olá 👋🏽", [], T0, T0);
        var serializer = new InteractionSerializer((Akka.Actor.ExtendedActorSystem)Sys);
        var bytes = serializer.ToBinary(e);
        var json = System.Text.Encoding.UTF8.GetString(bytes);
        Assert.Contains("\"conversationId\":\"acme:contact-1\"", json);
        Assert.Contains("Olá", json); // non-ASCII letters stay readable; emoji are JSON escapes and decode to the same text
        Assert.Equal("Olá 👋🏽", ((MessageReceived)serializer.FromBinary(bytes, "MessageReceived/1")).Text);
        Assert.Contains("\"channel\":\"WhatsApp\"", json);
    }

    [Fact]
    public void A_message_stored_before_profile_names_loads_without_one()
    {
        var serializer = new InteractionSerializer((Akka.Actor.ExtendedActorSystem)Sys);
        var withName = new MessageReceived(Id, 1, 1, ChannelKind.WhatsApp, "wamid.1", "hi", [], T0, T0, ProfileName: "Rita");
        var json = System.Text.Encoding.UTF8.GetString(serializer.ToBinary(withName));
        Assert.Contains("\"profileName\":\"Rita\"", json);
        var old = json.Replace(",\"profileName\":\"Rita\"", "");
        var restored = (MessageReceived)serializer.FromBinary(System.Text.Encoding.UTF8.GetBytes(old), "MessageReceived/1");
        Assert.Null(restored.ProfileName);
        Assert.Equal(withName with { ProfileName = null }, restored with { Attachments = withName.Attachments });
    }

    private static string Json(object o) => System.Text.Json.JsonSerializer.Serialize(o, o.GetType(), InteractionJson.Options);

    public SerializerRoundTripSpecs() : base(InteractionSerializerConfig.Hocon) { }
}
