using InteractionEngine.Domain.Conversations;

namespace InteractionEngine.Projections.ReadModels;

/// <summary>The last message of a conversation, as the contact list shows it.</summary>
public sealed record MessagePreview(
    long MessageNumber,
    MessageDirection Direction,
    Author Author,
    ChannelKind Channel,
    string Text,
    DateTimeOffset At,
    DeliveryStatus? Delivery);

/// <summary>
/// One row of the agent's Communication tab (id = conversation id "tenant:contact"): the current
/// interaction, last activity and message, channels used and unread count.
/// </summary>
public sealed record ContactSummary
{
    public required string Id { get; init; }
    public required string Tenant { get; init; }
    public required string Contact { get; init; }

    // The current interaction: the only one that can be open, since a new one starts only after Done.
    public required int Interaction { get; init; }
    public required InteractionStatus Status { get; init; }
    public required ChannelKind Channel { get; init; }

    /// <summary>The current interaction's agent; null while it is queued.</summary>
    public string? AgentId { get; init; }

    /// <summary>What to call <see cref="AgentId"/> (the tenant's agent roster, else the id). Filled by the queries, never stored.</summary>
    public string? AgentName { get; init; }

    /// <summary>Every channel the conversation has used (messages and interactions), in enum order.</summary>
    public IReadOnlyList<ChannelKind> Channels { get; init; } = [];

    public bool UsesChat { get; init; }
    public bool UsesOpenMedia { get; init; }

    /// <summary>Time of the last message or lifecycle step; reads and delivery statuses do not count as activity.</summary>
    public required DateTimeOffset LastActivityAt { get; init; }

    public MessagePreview? LastMessage { get; init; }

    public long LastInboundMessageNumber { get; init; }

    /// <summary>Inbound messages numbered up to here are read.</summary>
    public long ReadUpTo { get; init; }

    public int UnreadCount { get; init; }
    public bool HasUnread { get; init; }

    /// <summary>Bookkeeping for <see cref="UnreadCount"/> (see <see cref="InboundRuns"/>).</summary>
    public IReadOnlyList<NumberRun> InboundRuns { get; init; } = [];

    /// <summary>The last profile name the contact's channel showed (WhatsApp contacts[].profile.name), from the events.</summary>
    public string? ProfileName { get; init; }

    /// <summary>The contact's WhatsApp as they last wrote from it (null: never wrote on WhatsApp).</summary>
    public ContactWhatsApp? WhatsApp { get; init; }

    /// <summary>
    /// What to call the contact: the directory name, else <see cref="ProfileName"/>, else the contact id. Filled by the
    /// queries (the directory is not an event stream), never stored: the projection leaves it null.
    /// </summary>
    public string? DisplayName { get; init; }

    /// <summary>The wrap-up of the last interaction marked Done (null: none yet, or that Done carried no code and no note).</summary>
    public WrapUpSummary? LastWrapUp { get; init; }
}

/// <summary>What the agent recorded when marking <paramref name="Interaction"/> Done: the code, its label then, and the note.</summary>
public sealed record WrapUpSummary(int Interaction, string AgentId, string? Code, string? Label, string? Note, DateTimeOffset At);

/// <summary>
/// Where a contact last wrote from on WhatsApp: <paramref name="From"/> the sender's wa_id (null on messages recorded before
/// senders were kept), <paramref name="ProfileName"/> the last profile name WhatsApp showed, <paramref name="LastWroteAt"/>
/// the latest channel time (SentAt) of their WhatsApp messages, which the 24-hour customer service window counts from.
/// </summary>
public sealed record ContactWhatsApp(string? From, string? ProfileName, DateTimeOffset LastWroteAt)
{
    /// <summary>The sender in E.164 (a wa_id is the number's digits with the country code).</summary>
    public string? PhoneNumber => From is null ? null : "+" + From;
}

/// <summary>The name a contact is shown by (<see cref="ContactSummary.DisplayName"/>).</summary>
public static class ContactDisplayNames
{
    public static string Of(string? firstName, string? lastName, string? profileName, string contact)
    {
        var directory = string.Join(' ', new[] { firstName, lastName }.Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => n!.Trim()));
        return directory.Length > 0 ? directory : !string.IsNullOrWhiteSpace(profileName) ? profileName : contact;
    }
}
