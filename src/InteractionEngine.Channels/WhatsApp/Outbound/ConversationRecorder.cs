using InteractionEngine.Domain.Conversations;
using Microsoft.Extensions.Logging;

namespace InteractionEngine.Channels.WhatsApp.Outbound;

/// <summary>Records a send's outcome through its conversation (<see cref="IConversations"/>): the outcome comes back as an event.</summary>
public sealed class ConversationRecorder(IConversations conversations, TimeProvider clock, ILogger<ConversationRecorder> log)
{
    /// <summary>Asks the conversation; a journal outage is retried, and if it lasts the stream restarts from its offset.</summary>
    public async Task RecordAsync(IConversationCommand command, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var reply = await conversations.AskAsync(command, null, ct);
            if (reply.Code != ReplyCode.Unavailable)
            {
                if (!reply.IsSuccess)
                    log.LogWarning("{Command} for {ConversationId}: {Code} {Reason}", command.GetType().Name, command.ConversationId.Value, reply.Code, reply.Reason);
                return;
            }
            if (attempt >= 5) throw new InvalidOperationException($"the journal is unavailable: {reply.Reason}");
            await Task.Delay(TimeSpan.FromSeconds(attempt), clock, ct);
        }
    }
}
