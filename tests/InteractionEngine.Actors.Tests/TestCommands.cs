using InteractionEngine.Domain.Conversations;

namespace InteractionEngine.Actors.Tests;

internal static class TestCommands
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);

    public static ConversationId NewId() => new("acme", "c-" + Guid.NewGuid().ToString("N")[..12]);

    public static ReceiveMessage Inbound(ConversationId id, string channelMessageId, string text = "hello 👋", DateTimeOffset? at = null) =>
        new(id, ChannelKind.WhatsApp, channelMessageId, text, [], at ?? T0, at ?? T0);

    public static RouteInteraction Route(ConversationId id, string agent = "agent-1", DateTimeOffset? at = null) =>
        new(id, ChannelKind.WhatsApp, agent, "skill:billing", at ?? T0);

    public static SendMessage Send(ConversationId id, string clientId, string agent = "agent-1") =>
        new(id, agent, clientId, "on it ✅", [], T0);
}
