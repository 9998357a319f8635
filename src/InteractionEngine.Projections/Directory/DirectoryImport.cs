using InteractionEngine.Domain.Conversations;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace InteractionEngine.Projections.Directory;

/// <summary>
/// Turns each directory document written before directory events existed (no EnteredAt) into a ContactEntered of its
/// conversation, by "directory-import", once: the projection then replaces the document with the one built from the
/// event, which has EnteredAt. Runs at startup and retries while the actor system is not ready; until it is done
/// <c>ie rebuild</c> refuses, since a rebuild would delete those documents.
/// </summary>
public sealed class DirectoryImport(ContactDirectory directory, IConversations conversations, TimeProvider clock, ILogger<DirectoryImport> log)
    : BackgroundService
{
    private const int PageSize = 100;
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);
    private readonly TaskCompletionSource _completed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once the startup import has run to its end (what waits on it, e.g. a test, needs no polling).</summary>
    public Task Completed => _completed.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var imported = await ImportAsync(stoppingToken);
                if (imported > 0) log.LogInformation("Imported {Count} directory entries written before directory events", imported);
                _completed.TrySetResult();
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                log.LogWarning(e, "Directory import did not finish ({Reason}); retrying in {RetryAfter}", e.Message, RetryAfter);
                await Task.Delay(RetryAfter, clock, stoppingToken); // a retry backoff, not a wait for a condition
            }
        }
    }

    /// <summary>Sends a ContactEntered for every document not imported yet; the number accepted.</summary>
    public async Task<int> ImportAsync(CancellationToken ct)
    {
        var imported = 0;
        string? after = null;
        while (await directory.NotImportedAsync(after, PageSize, ct) is { Count: > 0 } page)
        {
            foreach (var profile in page)
            {
                after = profile.Id;
                var enter = new EnterContact(new ConversationId(profile.Tenant, profile.Contact), profile.FirstName, profile.LastName,
                    profile.PhoneNumbers, profile.Emails, Conversation.DirectoryImportBy, clock.GetUtcNow());
                var reply = await conversations.AskAsync(enter, null, ct);
                switch (reply.Code)
                {
                    case ReplyCode.Accepted:
                        imported++;
                        break;
                    case ReplyCode.Conflict: // entered before (an import cut short): the projection replaces the document
                        break;
                    case ReplyCode.Unavailable:
                        throw new InvalidOperationException($"the journal is unavailable: {reply.Reason}");
                    default:
                        log.LogWarning("Directory entry {ConversationId} cannot be imported: {Reason}; fix or delete the document", profile.Id, reply.Reason);
                        break;
                }
            }
        }
        return imported;
    }
}
