using System.Collections.Frozen;
using InteractionEngine.Actors.Conversations;
using InteractionEngine.Actors.ReadSide;
using InteractionEngine.Actors.Timers;
using InteractionEngine.Domain.Agents;
using InteractionEngine.Domain.Conversations;

namespace InteractionEngine.Actors.Serialization;

/// <summary>
/// Stable names for every stored or remoted type. A manifest never changes once data exists: a new
/// incompatible shape gets a new manifest ("/2") and an upcaster (docs/events.md, "Versioning").
/// </summary>
public static class Manifests
{
    private static readonly (string Manifest, Type Type)[] All =
    [
        // events (journal)
        ("InteractionOpened/1", typeof(InteractionOpened)),
        ("InteractionRouted/1", typeof(InteractionRouted)),
        ("MessageReceived/1", typeof(MessageReceived)),
        ("MessageSent/1", typeof(MessageSent)),
        ("NotificationSent/1", typeof(NotificationSent)),
        ("DeliveryStatusChanged/1", typeof(DeliveryStatusChanged)),
        ("SessionEnded/1", typeof(SessionEnded)),
        ("MarkedDone/1", typeof(MarkedDone)),
        ("Reactivated/1", typeof(Reactivated)),
        ("MessagesRead/1", typeof(MessagesRead)),
        ("MarkedUnread/1", typeof(MarkedUnread)),
        ("IdleAlertRaised/1", typeof(IdleAlertRaised)),
        ("ChannelStateChanged/1", typeof(ChannelStateChanged)),
        ("ChannelValidationRequested/1", typeof(ChannelValidationRequested)),
        ("AttachmentStored/1", typeof(AttachmentStored)),
        ("AttachmentFetchFailed/1", typeof(AttachmentFetchFailed)),
        ("ContactEntered/1", typeof(ContactEntered)),
        ("ContactRenamed/1", typeof(ContactRenamed)),
        ("ContactPhoneNumberAdded/1", typeof(ContactPhoneNumberAdded)),
        ("ContactPhoneNumberRemoved/1", typeof(ContactPhoneNumberRemoved)),
        ("ContactEmailAdded/1", typeof(ContactEmailAdded)),
        ("ContactEmailRemoved/1", typeof(ContactEmailRemoved)),
        ("PrivateNoteAdded/1", typeof(PrivateNoteAdded)),
        // snapshots
        ("ConversationSnapshot/1", typeof(ConversationSnapshot)),
        ("TimerRegistrySnapshot/1", typeof(TimerRegistrySnapshot)),
        // timer registry events and protocol
        ("WakeUpScheduled/1", typeof(WakeUpScheduled)),
        ("WakeUpCleared/1", typeof(WakeUpCleared)),
        ("RequestWakeUp/1", typeof(RequestWakeUp)),
        ("ReplaceWakeUp/1", typeof(ReplaceWakeUp)),
        // commands and replies cross node boundaries when the cluster has several nodes
        ("RouteInteraction/1", typeof(RouteInteraction)),
        ("ReceiveMessage/1", typeof(ReceiveMessage)),
        ("SendMessage/1", typeof(SendMessage)),
        ("SendNotification/1", typeof(SendNotification)),
        ("RecordDeliveryStatus/1", typeof(RecordDeliveryStatus)),
        ("EndSession/1", typeof(EndSession)),
        ("MarkDone/1", typeof(MarkDone)),
        ("AddPrivateNote/1", typeof(AddPrivateNote)),
        ("Reactivate/1", typeof(Reactivate)),
        ("MarkRead/1", typeof(MarkRead)),
        ("MarkUnread/1", typeof(MarkUnread)),
        ("CheckTimers/1", typeof(CheckTimers)),
        ("RecordChannelDeliveryStatus/1", typeof(RecordChannelDeliveryStatus)),
        ("ExpireUnknownDelivery/1", typeof(ExpireUnknownDelivery)),
        ("RequestChannelConnection/1", typeof(RequestChannelConnection)),
        ("RecordChannelState/1", typeof(RecordChannelState)),
        ("ValidateChannel/1", typeof(ValidateChannel)),
        ("StartInteraction/1", typeof(StartInteraction)),
        ("RecordAttachmentFetch/1", typeof(RecordAttachmentFetch)),
        ("EnterContact/1", typeof(EnterContact)),
        ("UpdateContact/1", typeof(UpdateContact)),
        ("AddContactPhoneNumber/1", typeof(AddContactPhoneNumber)),
        ("RemoveContactPhoneNumber/1", typeof(RemoveContactPhoneNumber)),
        ("AddContactEmail/1", typeof(AddContactEmail)),
        ("RemoveContactEmail/1", typeof(RemoveContactEmail)),
        ("Reply/1", typeof(Reply)),
        ("CorrelatedCommand/1", typeof(CorrelatedCommand)),
        ("ReadSideCommitted/1", typeof(ReadSideCommitted)),
        ("ReadSidePipelineAlive/1", typeof(ReadSidePipelineAlive)),
        ("ConversationEventPersisted/1", typeof(ConversationEventPersisted)),
        // agent desk: events (journal, read side), snapshot, commands
        ("AgentStateChanged/1", typeof(AgentStateChanged)),
        ("AgentCapacitySet/1", typeof(AgentCapacitySet)),
        ("AgentState/1", typeof(AgentState)),
        ("SetAgentState/1", typeof(SetAgentState)),
        ("SetAgentCapacity/1", typeof(SetAgentCapacity)),
    ];

    public static readonly FrozenDictionary<Type, string> ByType = All.ToFrozenDictionary(x => x.Type, x => x.Manifest);
    public static readonly FrozenDictionary<string, Type> ByManifest = All.ToFrozenDictionary(x => x.Manifest, x => x.Type);

    /// <summary>The event types, for tests that must cover every one.</summary>
    public static IEnumerable<Type> EventTypes => All.Select(x => x.Type).Where(t => typeof(IConversationEvent).IsAssignableFrom(t));

    /// <summary>Marker types bound to the serializer in Akka's serialization-bindings.</summary>
    public static readonly Type[] Bindings =
        [typeof(IConversationEvent), typeof(IConversationCommand), typeof(Reply), typeof(ConversationSnapshot), typeof(ITimerRegistryMessage), typeof(ReadSideCommitted), typeof(ReadSidePipelineAlive), typeof(CorrelatedCommand),
         typeof(ConversationEventPersisted),
         typeof(IAgentCommand), typeof(AgentState)];
}
