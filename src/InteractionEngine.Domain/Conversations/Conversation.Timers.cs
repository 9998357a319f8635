using static InteractionEngine.Domain.Conversations.ConversationState;

namespace InteractionEngine.Domain.Conversations;

public static partial class Conversation
{
    /// <summary>
    /// When the next idle timer of this conversation falls due, or null when none runs. Derived from
    /// persisted state only, so after a restart the same deadline comes back.
    /// </summary>
    public static DateTimeOffset? NextTimerDue(ConversationState state, TenantPolicy policy)
    {
        if (state is not Started { Current.Status: InteractionStatus.Active } s) return null;
        DateTimeOffset? alert = policy.IdleAlertAfter is { } a && !s.IdleAlertRaised ? s.LastActivityAt + a : null;
        DateTimeOffset? close = policy.IdleCloseAfter is { } c ? s.LastActivityAt + c : null;
        return (alert, close) switch
        {
            ({ } x, { } y) => x < y ? x : y,
            ({ } x, null) => x,
            (null, { } y) => y,
            _ => null,
        };
    }
}
