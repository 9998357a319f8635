using Akka.Hosting;
using InteractionEngine.Domain.Conversations;
using InteractionEngine.Projections.Pipeline;
using InteractionEngine.Projections.Queries;
using InteractionEngine.Projections.ReadModels;
using InteractionEngine.Projections.Store;
using InteractionEngine.Testing;
using JasperFx.Events.Daemon;
using Marten;
using Marten.Events;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace InteractionEngine.Cli.Tests;

/// <summary>
/// A recorded history made by a real engine node (SQL journal, sharding) and the journal→Marten pipeline, with the
/// async daemon running as the Host runs it. The node keeps running, so commands can be tested against a live engine.
/// </summary>
public sealed class EngineHistory : IAsyncLifetime
{
    public static readonly DateTimeOffset T0 = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    public const string Tenant = "acme";

    private IProjectionDaemon? _daemon;

    public string ConnectionString { get; private set; } = "";
    public DocumentStore Store { get; private set; } = null!;
    public EngineNode Node { get; private set; } = null!;
    public PipelineStatus Status { get; } = new();
    public ConversationQueries Queries => new(Store);

    /// <summary>Ana's transcript as the live projection showed it after her first interaction was Done (before the reactivation).</summary>
    public IReadOnlyList<Projections.ReadModels.TranscriptLine> AnaBeforeReactivation { get; private set; } = [];

    public DateTimeOffset BeforeReactivation => T0.AddMinutes(10);

    public async Task InitializeAsync()
    {
        ConnectionString = await TestPostgres.CreateDatabaseAsync("cli");
        Store = ReadModelStore.Create(ConnectionString);
        await Store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        var options = new PipelineOptions { RestartBackoff = TimeSpan.FromMilliseconds(100) };
        // Idle timers off: the history is dated in the past, so real-clock timers would close its sessions at once.
        Node = await EngineNode.StartAsync(ConnectionString, policy: new TenantPolicy(TimeSpan.FromMinutes(30), null, null,
                WrapUp: new WrapUpPolicy([new WrapUpCode("resolved", "Resolved")], Required: false)),
            services: s => s.AddSingleton<IDocumentStore>(Store).AddSingleton(Status),
            akka: a => a.WithActors((system, _) =>
                system.ActorOf(ReadSidePipelineActor.Props(Store, options, Status, TimeProvider.System, new MartenAppender(Store)), "pipeline")));
        _daemon = await Store.BuildProjectionDaemonAsync();
        await _daemon.StartAllAsync();

        var ana = new ConversationId(Tenant, "ana");
        await Do(new ReceiveMessage(ana, ChannelKind.WhatsApp, "wamid.1", "Olá 👋 where is my order?", [], T0, T0));
        await Do(new RouteInteraction(ana, ChannelKind.WhatsApp, "agent-1", "skill:orders", T0.AddMinutes(1)));
        await Do(new SendMessage(ana, "agent-1", "m1", "On its way 🚚", [], T0.AddMinutes(3)));
        await Do(new RecordDeliveryStatus(ana, 2, DeliveryStatus.Delivered, "wamid.out.1", null, T0.AddMinutes(4)));
        await Do(new EndSession(ana, Party.Agent, "agent-1", "resolved", T0.AddMinutes(5)));
        await Do(new MarkDone(ana, "agent-1", T0.AddMinutes(6)));
        await CaughtUpAsync();
        AnaBeforeReactivation = (await Queries.TranscriptAsync(Tenant, "ana", new TranscriptRequest(500, Order: SortOrder.OldestFirst))).Lines;

        await Do(new Reactivate(ana, "agent-2", ChannelKind.WhatsApp, T0.AddMinutes(20)));
        await Do(new SendMessage(ana, "agent-2", "m2", "Did the parcel arrive?", [], T0.AddMinutes(21)));
        await Do(new RecordDeliveryStatus(ana, 3, DeliveryStatus.Read, "wamid.out.2", null, T0.AddMinutes(22)));
        await Do(new ReceiveMessage(ana, ChannelKind.WhatsApp, "wamid.2", "Yes, thanks!", [], T0.AddMinutes(23), T0.AddMinutes(23)));
        await Do(new EndSession(ana, Party.Agent, "agent-2", null, T0.AddMinutes(24)));
        await Do(new MarkDone(ana, "agent-2", T0.AddMinutes(25)));

        var bob = new ConversationId(Tenant, "bob");
        await Do(new ReceiveMessage(bob, ChannelKind.Tweet, "tweet.1", "@acme your app is down again", [], T0.AddMinutes(2), T0.AddMinutes(2)));
        await Do(new RouteInteraction(bob, ChannelKind.Tweet, "agent-1", "skill:social", T0.AddMinutes(3)));
        await Do(new SendMessage(bob, "agent-1", "b1", "Sorry! Looking into it", [], T0.AddMinutes(5)));
        await Do(new ReceiveMessage(bob, ChannelKind.Tweet, "tweet.2", "still down", [], T0.AddMinutes(6), T0.AddMinutes(6)));
        await Do(new EndSession(bob, Party.Agent, "agent-1", null, T0.AddMinutes(8)));
        await Do(new MarkDone(bob, "agent-1", T0.AddMinutes(9), "resolved", "status page updated"));
        // A private note after Done: internal, in the transcript and the export, rebuilt the same.
        await Do(new AddPrivateNote(bob, "agent-2", "note-1", "Escalated to the app team", T0.AddMinutes(10)));

        // Directory entries are events of the contact's conversation: dora's stream starts with hers, before any interaction,
        // and erin is in the directory only.
        var dora = new ConversationId(Tenant, "dora");
        await Do(new EnterContact(dora, "Dora", "Dias", [new ContactPhone("+351912000222", "mobile")], ["dora@example.com"], "agent-1", T0.AddMinutes(30)));
        await Do(new ReceiveMessage(dora, ChannelKind.Sms, "sms.d1", "Olá, sou a Dora", [], T0.AddMinutes(31), T0.AddMinutes(31)));
        await Do(new UpdateContact(dora, null, "Dias Costa", [new ContactPhone("+351213000333", "work"), new ContactPhone("+351912000222", "mobile")], null, "agent-2", T0.AddMinutes(32)));
        var erin = new ConversationId(Tenant, "erin");
        await Do(new EnterContact(erin, "Erin", null, [new ContactPhone("+442079460958", null)], null, "agent-1", T0.AddMinutes(33)));
        await Do(new AddContactEmail(erin, "Erin@Example.org", "agent-1", T0.AddMinutes(34)));
        await Do(new RemoveContactPhoneNumber(erin, "+442079460958", "agent-1", T0.AddMinutes(35)));

        var other = new ConversationId("globex", "carla");
        await Do(new ReceiveMessage(other, ChannelKind.Sms, "sms.1", "hello from another tenant", [], T0, T0));
        await CaughtUpAsync();
    }

    public async Task Do(IConversationCommand command)
    {
        var reply = await Node.AskAsync(command);
        Assert.True(reply.IsSuccess, $"{command.GetType().Name}: {reply.Code} {reply.Reason}");
    }

    /// <summary>Waits until the pipeline has committed the whole journal and the async daemon has caught up.</summary>
    public async Task CaughtUpAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select coalesce(max(ordering), 0) from journal where tags like '%;conversation;%'", connection);
        var target = (long)(await command.ExecuteScalarAsync())!;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (Status.CommittedOrdering < target)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"pipeline at {Status.CommittedOrdering}, journal at {target}: {Status.LastError}");
            await Task.Delay(20);
        }
        await Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async Task DisposeAsync()
    {
        if (_daemon is not null)
        {
            await _daemon.StopAllAsync();
            _daemon.Dispose();
        }
        if (Node is not null) await Node.DisposeAsync();
        if (Store is not null) await Store.DisposeAsync();
        if (ConnectionString.Length > 0) await TestPostgres.DropDatabaseAsync(ConnectionString);
    }
}
