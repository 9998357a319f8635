using InteractionEngine.Domain.Conversations;

namespace InteractionEngine.Domain.Tests.Conversations;

/// <summary>Given/When helpers: build state from commands, then decide one more.</summary>
internal static class Scenario
{
    public static readonly ConversationId Id = new("acme", "contact-1");
    public static readonly DateTimeOffset T0 = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);
    public static readonly TenantPolicy Policy = TenantPolicy.Default;

    public static DateTimeOffset At(int minutes) => T0.AddMinutes(minutes);

    /// <summary>Applies each command in turn; every one must be accepted, so a broken Given fails loudly.</summary>
    public static ConversationState Given(params IConversationCommand[] commands) =>
        commands.Aggregate((ConversationState)new ConversationState.None(), (state, command) =>
        {
            var decision = Conversation.Decide(state, command, Policy);
            Assert.True(decision.Reply.Code == ReplyCode.Accepted, $"Given step {command.GetType().Name} was {decision.Reply.Code}: {decision.Reply.Reason}");
            return decision.Events.Aggregate(state, Conversation.Evolve);
        });

    public static Decision When(ConversationState state, IConversationCommand command, TenantPolicy? policy = null) =>
        Conversation.Decide(state, command, policy ?? Policy);

    public static ReceiveMessage Inbound(string wamid, int minute = 0, string text = "hello", ChannelKind channel = ChannelKind.WhatsApp) =>
        new(Id, channel, wamid, text, [], At(minute), At(minute));

    public static RouteInteraction Route(string agent = "agent-1", int minute = 0, ChannelKind channel = ChannelKind.WhatsApp) =>
        new(Id, channel, agent, "skill:billing", At(minute));

    public static SendMessage Send(string clientId, string agent = "agent-1", int minute = 0, string text = "hi there") =>
        new(Id, agent, clientId, text, [], At(minute));

    public static EndSession EndByContact(int minute = 0) => new(Id, Party.Contact, null, "left", At(minute));
    public static EndSession EndByAgent(string agent = "agent-1", int minute = 0) => new(Id, Party.Agent, agent, null, At(minute));
    public static MarkDone Done(string agent = "agent-1", int minute = 0) => new(Id, agent, At(minute));
    public static Reactivate Reactivate(string agent = "agent-1", int minute = 0) => new(Id, agent, null, At(minute));

    public static ConversationState.Started Started(ConversationState state) => Assert.IsType<ConversationState.Started>(state);

    public static ConversationState Apply(ConversationState state, Decision decision) => decision.Events.Aggregate(state, Conversation.Evolve);
}
