using Akka;
using Akka.Persistence.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using InteractionEngine.Actors.Following;
using InteractionEngine.Channels.WhatsApp.Cloud;
using InteractionEngine.Projections.Outbox;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace InteractionEngine.Channels.WhatsApp;

/// <summary>The settings every Cloud API follower has (sections WhatsApp:Dispatcher, WhatsApp:MediaFetch).</summary>
public interface ICloudApiFollowerOptions
{
    bool Enabled { get; }
    /// <summary>Conversations handled side by side; one conversation's items always in journal order.</summary>
    int Parallelism { get; }
    /// <summary>Most journal events handled (and then checkpointed) together.</summary>
    int MaxBatchSize { get; }
    TimeSpan RestartBackoff { get; }
}

/// <summary>
/// A journal follower that works through the WhatsApp Cloud API (the dispatcher, the media fetcher): it runs only when
/// enabled and the Cloud API is configured, starts once every hosted service has started (the schemas are in place),
/// resumes from its own <see cref="FollowerOffset"/>, handles conversations side by side and each one's items in journal
/// order (<see cref="PerConversationBatches"/>), and stores the offset only after the whole batch is handled.
/// </summary>
public abstract class CloudApiFollower<TItem>(
    IServiceProvider services, IDocumentStore store, ICloudApiFollowerOptions options, ILogger log, IHostApplicationLifetime? lifetime)
    : JournalFollower where TItem : class
{
    private WhatsAppCloudClient? _client;

    protected IServiceProvider Services => services;

    /// <summary>The id of this follower's <see cref="FollowerOffset"/> document.</summary>
    protected abstract string OffsetDocumentId { get; }

    /// <summary>The configuration section, for the "disabled" log line.</summary>
    protected abstract string Section { get; }

    public override TimeSpan RestartBackoff => options.RestartBackoff;

    /// <summary>What the follower does with an envelope: its conversation and item, or null to pass it by.</summary>
    protected abstract (string Conversation, TItem Item)? Select(EventEnvelope envelope);

    protected abstract Task HandleAsync(TItem item, WhatsAppCloudClient client, CancellationToken ct);

    /// <summary>Work before the stream starts (after the host has started); the dispatcher resumes unfinished sends here.</summary>
    protected virtual Task StartingAsync(CancellationToken ct) => Task.CompletedTask;

    public override async Task<long?> StartAsync(FollowerContext context)
    {
        if (!options.Enabled)
        {
            log.LogInformation("{Follower} disabled ({Section}:Enabled)", Name, Section);
            return null;
        }
        try
        {
            _client = Services.GetRequiredService<WhatsAppCloudClient>();
        }
        catch (Exception e) when (e is InvalidOperationException or OptionsValidationException)
        {
            log.LogWarning("{Follower} is off: {Reason}", Name, e.Message);
            return null;
        }
        if (lifetime is not null && !await StartedAsync(lifetime, context.Stopping)) return null;
        log.LogInformation("{Follower} started on this node", Name);
        await StartingAsync(context.Stopping);
        await using var session = store.QuerySession();
        return (await session.LoadAsync<FollowerOffset>(OffsetDocumentId, context.Stopping))?.Ordering ?? 0;
    }

    public override Flow<EventEnvelope, long, NotUsed> Flow(FollowerContext context)
    {
        var client = _client ?? throw new InvalidOperationException("StartAsync first");
        return PerConversationBatches.Flow<TItem>(options.MaxBatchSize, options.Parallelism, Select,
                item => HandleAsync(item, client, context.Stopping), context.System.Materializer())
            .SelectAsync(1, SaveOffsetAsync);
    }

    private async Task<long> SaveOffsetAsync(long ordering)
    {
        await using var session = store.LightweightSession();
        session.Store(new FollowerOffset(OffsetDocumentId, ordering));
        await session.SaveChangesAsync();
        return ordering;
    }

    private static async Task<bool> StartedAsync(IHostApplicationLifetime lifetime, CancellationToken stopping)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        await using (stopping.Register(() => started.TrySetCanceled()))
        {
            try
            {
                await started.Task;
                return true;
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }
    }
}
