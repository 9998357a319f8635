using InteractionEngine.Domain.Conversations;

namespace InteractionEngine.Benchmarks;

/// <summary>Realistic inputs shared by the benchmarks: a conversation whose idempotency memory is full, a typical message.</summary>
public static class Samples
{
    public static readonly ConversationId Id = new("acme", "contact-000042");
    public static readonly DateTimeOffset At = new(2026, 1, 15, 10, 30, 0, TimeSpan.Zero);
    public const string Text = "Olá! My order #48213 has not arrived yet, can someone help me please? 👋";

    public static ReceiveMessage Receive(int i) =>
        new(Id, ChannelKind.WhatsApp, $"wamid.HBgLMzQ2MTIzNDU2NzgVAgASGBQzQTk{i:D8}", Text, [], At.AddSeconds(i), At.AddSeconds(i));

    /// <summary>The events of a conversation after <paramref name="messages"/> inbound messages (1 + messages events).</summary>
    public static List<IConversationEvent> History(int messages)
    {
        var events = new List<IConversationEvent>(messages + 1);
        ConversationState state = new ConversationState.None();
        for (var i = 1; i <= messages; i++)
        {
            foreach (var e in Conversation.Decide(state, Receive(i), TenantPolicy.Default).Events)
            {
                state = Conversation.Evolve(state, e);
                events.Add(e);
            }
        }
        return events;
    }

    public static ConversationState.Started StateAfter(int messages) => (ConversationState.Started)Conversation.Replay(History(messages));

    public static MessageReceived Received(long number) =>
        new(Id, 1, number, ChannelKind.WhatsApp, $"wamid.{number}", Text, [], At, At);
}
