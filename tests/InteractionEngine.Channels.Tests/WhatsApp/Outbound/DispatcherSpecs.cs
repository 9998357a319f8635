using System.Text.Json;
using Akka.TestKit.Xunit2;
using InteractionEngine.Channels.Tests.Support;
using InteractionEngine.Channels.WhatsApp;
using InteractionEngine.Channels.WhatsApp.Outbound;
using InteractionEngine.Domain.Conversations;
using InteractionEngine.Projections.Store;
using InteractionEngine.Testing;
using Marten;

using InteractionEngine.Projections.Outbox;

namespace InteractionEngine.Channels.Tests.WhatsApp.Outbound;

/// <summary>
/// The WhatsApp dispatcher's rules without a host: per-conversation order under parallelism, never sending twice
/// (the insert-once claim, the unknown outcome after a crash), and outcomes recorded through <see cref="IConversations"/>.
/// Claims and the offset live in a real PostgreSQL database; the Cloud API is a stub.
/// </summary>
public sealed class DispatcherSpecs(PostgresDatabaseFixture database) : TestKit, IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    private DocumentStore _store = null!;

    public async Task InitializeAsync()
    {
        _store = ReadModelStore.Create(database.ConnectionString, "dispatcher_" + Guid.NewGuid().ToString("N")[..8]);
        await _store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
    }

    public Task DisposeAsync()
    {
        _store.Dispose();
        return Task.CompletedTask;
    }

    private DispatcherHarness Harness(Action<WhatsAppDispatcherOptions>? configure = null) => new(_store, Sys, configure);

    private static string WaId() => "3519" + Random.Shared.NextInt64(10_000_000, 99_999_999);

    private static string Correlation(StubCloudApi.Call send) =>
        JsonDocument.Parse(send.Body).RootElement.GetProperty("biz_opaque_callback_data").GetString()!;

    private static string Text(StubCloudApi.Call send) =>
        JsonDocument.Parse(send.Body).RootElement.GetProperty("text").GetProperty("body").GetString()!;

    [Fact]
    public async Task Each_conversation_sends_in_order_while_conversations_run_side_by_side()
    {
        var harness = Harness(o => o.Parallelism = 4);
        var contacts = Enumerable.Range(0, 4).Select(_ => WaId()).ToList();
        // The first send may go alone (a batch of one); every later one is answered only once two conversations have
        // been in flight at the same time, so the sends overlap without any timing.
        harness.Api.Hold = (_, n) => n == 0 ? Task.CompletedTask : harness.Api.When(a => a.MaxInFlight >= 2);
        var envelopes = Enumerable.Range(2, 6).SelectMany(n => contacts.Select(c => harness.Message(c, n))).ToArray();

        var offsets = await harness.RunAsync(envelopes);

        foreach (var contact in contacts)
        {
            var sends = harness.Api.Sends.Where(s => s.To == contact).OrderBy(s => s.Started).ToList();
            Assert.Equal(Enumerable.Range(2, 6).Select(n => $"m{n}"), sends.Select(Text));
            // One after the other: each send started after the previous one of its conversation had its answer.
            Assert.All(sends.Zip(sends.Skip(1)), pair => Assert.True(pair.Item2.Started >= pair.Item1.Ended));
        }
        Assert.True(harness.Api.MaxInFlight > 1, $"conversations did not overlap (max in flight {harness.Api.MaxInFlight})");
        Assert.True(harness.Api.MaxInFlight <= 4, $"more than Parallelism sends in flight ({harness.Api.MaxInFlight})");
        Assert.Equal(envelopes.Length, harness.Api.Sends.Count);
        Assert.Equal(offsets[^1], await harness.StoredOffsetAsync());
    }

    [Fact]
    public async Task The_offset_is_stored_only_after_every_send_of_its_batch_is_done()
    {
        var harness = Harness(o => o.MaxBatchSize = 100);
        var slow = WaId();
        var answerSlow = new TaskCompletionSource();
        harness.Api.Hold = (to, _) => to == slow ? answerSlow.Task : Task.CompletedTask;
        var envelopes = new[] { harness.Message(WaId(), 2), harness.Message(slow, 2), harness.Message(WaId(), 2) };

        var run = harness.RunAsync(envelopes);
        await harness.Api.When(a => a.InFlight.GetValueOrDefault(slow) > 0);
        // While the slow send has no answer, no stored offset passes it.
        var whileSlow = await harness.StoredOffsetAsync();
        Assert.True(whileSlow is null || whileSlow < ((Akka.Persistence.Query.Sequence)envelopes[1].Offset).Value, $"offset {whileSlow} stored past an unfinished send");
        answerSlow.SetResult();
        var offsets = await run;

        // Every stored offset covers only finished sends: when the last one was stored, the slow send had its answer.
        Assert.Equal(((Akka.Persistence.Query.Sequence)envelopes[^1].Offset).Value, offsets[^1]);
        var claims = await Task.WhenAll(envelopes.Select(e => harness.ClaimAsync(WhatsAppDispatch.KeyOf(((MessageSent)e.Event).ConversationId, 2, false))));
        Assert.All(claims, c => Assert.NotNull(c!.FinishedAt));
    }

    [Fact]
    public async Task Outcomes_are_recorded_through_the_conversation()
    {
        var harness = Harness();
        string ok = WaId(), unreachable = WaId();
        harness.Api.Unreachable.Add(unreachable);

        await harness.RunAsync(harness.Message(ok, 2), harness.Message(unreachable, 2));

        var sent = Assert.Single(harness.Conversations.Of<RecordDeliveryStatus>(), r => r.ConversationId == DispatcherHarness.Conversation(ok));
        Assert.Equal(DeliveryStatus.Sent, sent.Status);
        Assert.StartsWith("wamid.stub", sent.ChannelMessageId);
        var failed = Assert.Single(harness.Conversations.Of<RecordDeliveryStatus>(), r => r.ConversationId == DispatcherHarness.Conversation(unreachable));
        Assert.Equal(DeliveryStatus.Failed, failed.Status);
        Assert.Equal(131026, failed.Error!.Code);
        var warning = Assert.Single(harness.Conversations.Of<RecordChannelState>());
        Assert.Equal((ChannelState.Warning, unreachable, 131026), (warning.State, warning.Address, warning.ErrorCode));
        // The correlation travels with the send, so a status webhook finds the message even without the wamid.
        Assert.Contains(harness.Api.Sends, s => s.To == ok && Correlation(s) == $"ie1:acme:+{ok}:2");
    }

    [Fact]
    public async Task A_connection_request_goes_to_its_own_number_and_a_refusal_warns_that_number()
    {
        var harness = Harness();
        string contact = WaId(), chosen = WaId();
        harness.Api.Unreachable.Add(chosen);
        var request = new NotificationContent("whatsapp_connection_request", "en_US", "Hello there, may we contact you on WhatsApp about your requests? Tap Yes to connect.",
            new Dictionary<string, string> { ["contact.firstName"] = "there" }, null, []);

        await harness.RunAsync(harness.Envelope(new NotificationSent(DispatcherHarness.Conversation(contact), 1, 2, ChannelKind.WhatsApp, "agent-1", "c1", request,
            DateTimeOffset.UtcNow, chosen)));

        Assert.Equal([chosen], harness.Api.Sends.Select(s => s.To));
        var warning = Assert.Single(harness.Conversations.Of<RecordChannelState>());
        Assert.Equal((ChannelState.Warning, chosen), (warning.State, warning.Address));
    }

    [Fact]
    public async Task A_notification_is_sent_from_its_tenants_own_catalog_and_refused_when_that_catalog_is_broken()
    {
        var folder = Directory.CreateTempSubdirectory("ie-dispatch-templates-").FullName;
        try
        {
            var own = Path.Combine(folder, "acme.json");
            File.WriteAllText(own, """{"templates": [{"name": "acme_visit", "language": "pt_PT", "category": "UTILITY", "status": "APPROVED", "body": "Até já"}]}""");
            var visit = new NotificationContent("acme_visit", "pt_PT", "Até já", new Dictionary<string, string>(), null, []);
            string contact = WaId(), other = WaId();
            var harness = new DispatcherHarness(_store, Sys, tenantTemplatesPaths: new() { [DispatcherHarness.Tenant] = own });
            await harness.RunAsync(harness.Envelope(new NotificationSent(DispatcherHarness.Conversation(contact), 1, 2, ChannelKind.WhatsApp, "agent-1", "c1", visit, DateTimeOffset.UtcNow)));
            var send = Assert.Single(harness.Api.Sends);
            Assert.Equal(("acme_visit", contact), (JsonDocument.Parse(send.Body).RootElement.GetProperty("template").GetProperty("name").GetString(), send.To));

            var broken = Path.Combine(folder, "broken.json");
            File.WriteAllText(broken, """{"templates": [{"name": "acme_visit", "language": "pt_PT", "body": "Até já"}]}""");
            harness = new DispatcherHarness(_store, Sys, tenantTemplatesPaths: new() { [DispatcherHarness.Tenant] = broken });
            await harness.RunAsync(harness.Envelope(new NotificationSent(DispatcherHarness.Conversation(other), 1, 2, ChannelKind.WhatsApp, "agent-1", "c1", visit, DateTimeOffset.UtcNow)));
            Assert.Empty(harness.Api.Sends);
            var failed = Assert.Single(harness.Conversations.Of<RecordDeliveryStatus>());
            Assert.Equal((DeliveryStatus.Failed, WhatsAppErrorCodes.RefusedBeforeSend), (failed.Status, failed.Error!.Code));
            Assert.Contains(broken, failed.Error.Details);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_finished_claim_is_never_sent_again()
    {
        var harness = Harness();
        var contact = WaId();
        var envelope = harness.Message(contact, 2);
        await harness.RunAsync(envelope);
        Assert.Single(harness.Api.Sends);

        // The same event again (a restart before the offset was stored, or a second copy of the dispatcher).
        await harness.RunAsync(envelope);

        Assert.Single(harness.Api.Sends);
        Assert.Single(harness.Conversations.Of<RecordDeliveryStatus>());
    }

    [Fact]
    public async Task An_existing_claim_taken_by_another_copy_is_not_sent()
    {
        var harness = Harness(o => o.UnknownOutcomeGrace = TimeSpan.FromMinutes(5));
        var contact = WaId();
        var conversation = DispatcherHarness.Conversation(contact);
        // Another node claimed it a moment ago and is sending it now.
        await using (var session = _store.LightweightSession())
        {
            session.Insert(new WhatsAppDispatch(WhatsAppDispatch.KeyOf(conversation, 2, false), conversation.Value, 2, DateTimeOffset.UtcNow));
            await session.SaveChangesAsync();
        }

        await harness.RunAsync(harness.Message(contact, 2));

        Assert.Empty(harness.Api.Sends);
        Assert.Empty(harness.Conversations.Commands); // within the grace period: a status may still name it
    }

    [Fact]
    public async Task A_restart_after_the_claim_does_not_resend_and_records_the_outcome_unknown()
    {
        var harness = Harness(); // grace 0: the unknown outcome is recorded at once
        var contact = WaId();
        var conversation = DispatcherHarness.Conversation(contact);
        var claim = WhatsAppDispatch.KeyOf(conversation, 2, false);
        // What a crash between the claim and the Cloud API's answer leaves behind; the offset is before the event.
        await using (var session = _store.LightweightSession())
        {
            session.Insert(new WhatsAppDispatch(claim, conversation.Value, 2, DateTimeOffset.UtcNow.AddSeconds(-1)));
            await session.SaveChangesAsync();
        }

        await harness.RunAsync(harness.Message(contact, 2));
        await harness.Conversations.RecordedAsync<ExpireUnknownDelivery>();

        Assert.Empty(harness.Api.Sends);
        var expired = Assert.Single(harness.Conversations.Of<ExpireUnknownDelivery>());
        Assert.Equal((2L, -1), (expired.MessageNumber, expired.Error.Code));
    }

    [Fact]
    public async Task A_channel_validation_is_sent_with_its_own_correlation_and_records_no_delivery()
    {
        var harness = Harness();
        var contact = WaId();
        var conversation = DispatcherHarness.Conversation(contact);
        var check = new NotificationContent("whatsapp_channel_check", "en_US", "Checking", new Dictionary<string, string>(), null, []);

        await harness.RunAsync(harness.Envelope(new ChannelValidationRequested(conversation, ChannelKind.WhatsApp, contact, 1, "agent-1", "v1", check, DateTimeOffset.UtcNow)));

        var send = Assert.Single(harness.Api.Sends);
        Assert.Equal($"ie1:acme:+{contact}:v1", Correlation(send));
        Assert.Contains("whatsapp_channel_check", send.Body);
        Assert.Empty(harness.Conversations.Of<RecordDeliveryStatus>());
        Assert.NotNull((await harness.ClaimAsync(WhatsAppDispatch.KeyOf(conversation, 1, true)))?.FinishedAt);
    }
}
