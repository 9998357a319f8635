using InteractionEngine.Domain.Conversations;
using InteractionEngine.Host.Security;
using Microsoft.AspNetCore.Authorization;
using InteractionEngine.Projections.Realtime;
using Microsoft.AspNetCore.SignalR;

namespace InteractionEngine.Host.Realtime;

/// <summary>
/// Agent UIs subscribe here (/hubs/conversations) and receive "change" messages after the read side has committed
/// them. Each subscription takes the last position the client saw, so a reconnect resumes without gap or duplicate.
/// </summary>
[Authorize(Policy = Policies.Read)]
public sealed class ConversationHub(SubscriptionRegistry registry) : Hub
{
    public Task SubscribeTranscript(string contact, long? afterPosition)
    {
        if (!ConversationId.IsValidPart(contact)) throw new HubException("contact ids are 1-128 characters of letters, digits and . _ - + @");
        var tenant = Caller.From(Context.User!).Tenant;
        return registry.SubscribeAsync(Context.ConnectionId,
            new Subscription(SubscriptionKind.Transcript, tenant, new ConversationId(tenant, contact).Value), afterPosition, Context.ConnectionAborted);
    }

    public Task SubscribeContactList(long? afterPosition) =>
        registry.SubscribeAsync(Context.ConnectionId, new Subscription(SubscriptionKind.ContactList, Caller.From(Context.User!).Tenant, null),
            afterPosition, Context.ConnectionAborted);

    public Task SubscribeWorkload(long? afterPosition) =>
        registry.SubscribeAsync(Context.ConnectionId, new Subscription(SubscriptionKind.Workload, Caller.From(Context.User!).Tenant, null),
            afterPosition, Context.ConnectionAborted);

    /// <summary>Agent state changes and interactions moving between agents: re-read GET /api/v1/agents (state, slots, free slots).</summary>
    public Task SubscribeAgents(long? afterPosition) =>
        registry.SubscribeAsync(Context.ConnectionId, new Subscription(SubscriptionKind.Agents, Caller.From(Context.User!).Tenant, null),
            afterPosition, Context.ConnectionAborted);

    /// <summary>Interactions entering or leaving the queue: re-read GET /api/v1/queue.</summary>
    public Task SubscribeQueue(long? afterPosition) =>
        registry.SubscribeAsync(Context.ConnectionId, new Subscription(SubscriptionKind.Queue, Caller.From(Context.User!).Tenant, null),
            afterPosition, Context.ConnectionAborted);

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        registry.Remove(Context.ConnectionId);
        return base.OnDisconnectedAsync(exception);
    }
}
