using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Tools.PublishSubscribe;
using InteractionEngine.Actors.ReadSide;
using InteractionEngine.Projections.Pipeline;
using InteractionEngine.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace InteractionEngine.Host.Tests.ReadYourWrites;

/// <summary>
/// Two engine nodes of one cluster on one database: the read-side pipeline (a singleton) runs on the first, while commands
/// and reads go to the second, so the second answers read-your-writes from the database and the pipeline's pub-sub announcement.
/// </summary>
public sealed class TwoNodeReadYourWritesTests(EngineFactory first) : IClassFixture<EngineFactory>, IAsyncLifetime
{
    private SecondNode _second = null!;

    public async Task InitializeAsync()
    {
        var seed = Cluster.Get(first.Services.GetRequiredService<ActorSystem>()).SelfAddress.ToString();
        _second = new SecondNode(first.ConnectionString, seed);
        // Both nodes must see each other Up: the second routes to shards and reads the pipeline's announcements.
        await ClusterMembersUp.WaitAsync(_second.Services.GetRequiredService<ActorSystem>(), 2, TimeSpan.FromSeconds(60));
        await ClusterMembersUp.WaitAsync(first.Services.GetRequiredService<ActorSystem>(), 2, TimeSpan.FromSeconds(60));
    }

    public async Task DisposeAsync() => await _second.DisposeAsync();

    [Fact]
    public async Task A_node_without_the_pipeline_answers_reads_with_a_position_only_once_they_hold_the_write()
    {
        var routing = _second.CreateClient().As(TestKeys.AcmeRouting);
        var agent = _second.CreateClient().As(TestKeys.AcmeAgent1);
        var agentOnFirst = first.CreateClient().As(TestKeys.AcmeAgent1);
        for (var i = 0; i < 15; i++)
        {
            var contact = "two-" + Guid.NewGuid().ToString("N")[..10];
            var answer = await routing.PostAsJsonAsync($"/api/v1/contacts/{contact}/messages/inbound",
                new { channel = "WebChat", channelMessageId = $"t{i}", text = $"node two {i}" });
            var body = await answer.Content.ReadAsStringAsync();
            Assert.True(answer.IsSuccessStatusCode, body);
            var position = JsonDocument.Parse(body).RootElement.GetProperty("position").GetString();

            foreach (var reader in new[] { agent, agentOnFirst })
            {
                var summary = await reader.GetAsync($"/api/v1/contacts/{contact}/summary?position={position}");
                Assert.Equal(HttpStatusCode.OK, summary.StatusCode);
                Assert.Equal(1, JsonDocument.Parse(await summary.Content.ReadAsStringAsync()).RootElement.GetProperty("unreadCount").GetInt32());
            }
        }
        // The pipeline ran on the first node (the oldest) only: the second answered from the database.
        Assert.True(first.Services.GetRequiredService<PipelineStatus>().Running);
        Assert.False(_second.Services.GetRequiredService<PipelineStatus>().Running);
        Assert.Equal(0, _second.Services.GetRequiredService<PipelineStatus>().EventsCopied);
    }

    [Fact]
    public async Task A_node_without_the_pipeline_reports_it_healthy_while_it_hears_its_heartbeat_from_the_node_it_runs_on()
    {
        var firstAddress = Cluster.Get(first.Services.GetRequiredService<ActorSystem>()).SelfAddress.ToString();
        // The condition itself: the second node hears a heartbeat from the first (pub-sub gossips the subscription first).
        var heard = new TaskCompletionSource<ReadSidePipelineAlive>(TaskCreationOptions.RunContinuationsAsynchronously);
        var system = _second.Services.GetRequiredService<ActorSystem>();
        var listener = system.ActorOf(Props.Create(() => new HeartbeatListener(heard)));
        try
        {
            Assert.Equal(firstAddress, (await heard.Task.WaitAsync(TimeSpan.FromSeconds(30))).Node);
        }
        finally
        {
            system.Stop(listener);
        }
        using var report = JsonDocument.Parse(await (await _second.CreateClient().GetAsync("/health/ready")).Content.ReadAsStringAsync());
        var pipeline = report.RootElement.GetProperty("checks").GetProperty("pipeline");

        Assert.False(_second.Services.GetRequiredService<PipelineStatus>().Running);
        Assert.Equal("Healthy", pipeline.GetProperty("status").GetString());
        Assert.Equal(firstAddress, pipeline.GetProperty("data").GetProperty("runsOn").GetString());
    }

    private sealed class HeartbeatListener : ReceiveActor
    {
        public HeartbeatListener(TaskCompletionSource<ReadSidePipelineAlive> heard)
        {
            DistributedPubSub.Get(Context.System).Mediator.Tell(new Subscribe(ReadSidePipelineAlive.Topic, Self));
            // The second heartbeat: by then the engine's own listener (subscribed long before) has handled the first.
            var seen = 0;
            Receive<ReadSidePipelineAlive>(alive => { if (++seen == 2) heard.TrySetResult(alive); });
            Receive<SubscribeAck>(_ => { });
        }
    }

    private sealed class SecondNode(string connectionString, string seed) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("ConnectionStrings:Postgres", connectionString);
            builder.UseSetting("Akka:Port", "0");
            builder.UseSetting("Akka:SeedNodes:0", seed);
            builder.UseSetting("Serilog:MinimumLevel:Default", "Warning");
            builder.WithLiftedRateLimits();
        }
    }
}
