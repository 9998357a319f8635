using System.Security.Cryptography;
using Akka.TestKit.Xunit2;
using InteractionEngine.Channels.Tests.Support;
using InteractionEngine.Channels.WhatsApp.Media;
using InteractionEngine.Domain.Conversations;
using InteractionEngine.Projections.Attachments;
using InteractionEngine.Projections.Store;
using InteractionEngine.Testing;
using Marten;

namespace InteractionEngine.Channels.Tests.WhatsApp.Media;

/// <summary>
/// The contact media fetcher's rules without a host: fetched, checked and stored once; retryable failures retried with
/// a bound; final failures recorded with their reason; the offset stored only after the outcomes, so a crash refetches.
/// Attachments and the offset live in a real PostgreSQL database; the Cloud API is a stub.
/// </summary>
public sealed class MediaFetcherSpecs(PostgresDatabaseFixture database) : TestKit, IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    private DocumentStore _store = null!;

    public async Task InitializeAsync()
    {
        _store = ReadModelStore.Create(database.ConnectionString, "media_" + Guid.NewGuid().ToString("N")[..8]);
        await _store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
    }

    public Task DisposeAsync()
    {
        _store.Dispose();
        return Task.CompletedTask;
    }

    private MediaFetcherHarness Harness(Action<MediaFetchOptions>? configure = null) => new(_store, Sys, configure);

    private static string WaId() => "3519" + Random.Shared.NextInt64(10_000_000, 99_999_999);

    private static string MediaId() => Random.Shared.NextInt64(1_000_000_000, 9_999_999_999).ToString();

    private static byte[] Jpeg(int size)
    {
        var bytes = RandomNumberGenerator.GetBytes(size);
        bytes[0] = 0xFF; bytes[1] = 0xD8; bytes[2] = 0xFF;
        return bytes;
    }

    [Fact]
    public async Task A_contacts_photo_is_downloaded_checked_stored_and_recorded()
    {
        var harness = Harness();
        var waId = WaId();
        var content = Jpeg(4096);
        var photo = harness.Photo(waId, 3, MediaId(), content);

        var offsets = await harness.RunAsync(photo);

        var recorded = Assert.Single(harness.Recorded);
        Assert.Equal((3L, 0, 1, (string?)null), (recorded.MessageNumber, recorded.Index, recorded.Attempt, recorded.FailureReason));
        var stored = recorded.Stored!;
        Assert.StartsWith(AttachmentStore.ReferencePrefix, stored.Reference);
        Assert.Equal(("image/jpeg", 4096L, Convert.ToHexStringLower(SHA256.HashData(content)), "the box"), (stored.MimeType, stored.SizeBytes, stored.Sha256, stored.Caption));
        var loaded = await harness.Attachments.LoadAsync("acme", Guid.Parse(stored.Reference[AttachmentStore.ReferencePrefix.Length..]), default);
        Assert.Equal(content, loaded!.Value.Content);
        Assert.Equal("token", harness.Api.LastToken); // the download carries the access token
        Assert.Equal(offsets[^1], await harness.StoredOffsetAsync());
    }

    [Fact]
    public async Task Retryable_failures_are_recorded_and_retried_until_the_media_is_stored()
    {
        var harness = Harness();
        var mediaId = MediaId();
        harness.Api.Fault = (step, _, n) => step == "lookup" && n == 1 || step == "download" && n == 1 ? StubMediaApi.ServerError() : null;

        await harness.RunAsync(harness.Photo(WaId(), 2, mediaId, Jpeg(100)));

        Assert.Collection(harness.Recorded,
            first => Assert.Equal((1, true, (Attachment?)null), (first.Attempt, first.Retryable, first.Stored)),
            second => Assert.Equal((2, true), (second.Attempt, second.Retryable)),
            third => Assert.Equal((3, 100L), (third.Attempt, third.Stored!.SizeBytes)));
        Assert.Contains("HTTP 500", harness.Recorded[0].FailureReason);
    }

    [Fact]
    public async Task Retries_are_bounded_and_the_last_failure_is_final()
    {
        var harness = Harness();
        harness.Api.Fault = (_, _, _) => StubMediaApi.ServerError();

        await harness.RunAsync(harness.Photo(WaId(), 2, MediaId(), Jpeg(100)));

        Assert.Equal([true, true, false], harness.Recorded.Select(r => r.Retryable));
        Assert.Contains("gave up after 3 attempts", harness.Recorded[^1].FailureReason);
    }

    [Fact]
    public async Task Expired_media_fails_at_once_with_its_reason()
    {
        var harness = Harness();
        var mediaId = MediaId();
        harness.Api.Fault = (step, id, _) => step == "lookup" ? StubMediaApi.Expired(id) : null;

        await harness.RunAsync(harness.Photo(WaId(), 2, mediaId, Jpeg(100)));

        var failed = Assert.Single(harness.Recorded);
        Assert.False(failed.Retryable);
        Assert.Contains("expired or is unknown", failed.FailureReason);
        Assert.Equal(1, harness.Api.Requests[("lookup", mediaId)]);
    }

    [Fact]
    public async Task A_checksum_mismatch_is_final_and_nothing_is_stored()
    {
        var harness = Harness();
        var photo = harness.Photo(WaId(), 2, MediaId(), Jpeg(100), sha256: StubMediaApi.Sha256Base64([1, 2, 3]));

        await harness.RunAsync(photo);

        var failed = Assert.Single(harness.Recorded);
        Assert.Equal((false, (Attachment?)null), (failed.Retryable, failed.Stored));
        Assert.Contains("checksum mismatch", failed.FailureReason);
        var media = Assert.IsType<MessageReceived>(photo.Event);
        Assert.Null(await harness.Attachments.FindAsync("acme", Channels.WhatsApp.Media.InboundMedia.Of(photo)!.StoredId(0), default));
        Assert.Equal(2, media.MessageNumber);
    }

    [Fact]
    public async Task Media_larger_than_its_type_allows_is_refused_before_the_download()
    {
        var harness = Harness();
        var mediaId = MediaId();
        var sticker = harness.Photo(WaId(), 2, mediaId, new byte[600 * 1024], type: "sticker", mime: "image/webp");

        await harness.RunAsync(sticker);

        Assert.Contains("at most 512000", Assert.Single(harness.Recorded).FailureReason);
        Assert.False(harness.Api.Requests.ContainsKey(("download", mediaId)));
    }

    [Fact]
    public async Task A_crash_before_the_outcome_is_recorded_keeps_the_offset_and_the_refetch_stores_nothing_twice()
    {
        var harness = Harness();
        var waId = WaId();
        var mediaId = MediaId();
        var envelopes = new[] { harness.Photo(waId, 2, mediaId, Jpeg(256)) };
        harness.FailRecording = true;

        await Assert.ThrowsAnyAsync<Exception>(() => harness.RunAsync(envelopes));
        Assert.Null(await harness.StoredOffsetAsync());

        harness.FailRecording = false;
        await harness.RunAsync(envelopes);

        var stored = Assert.Single(harness.Recorded).Stored!;
        Assert.Equal(1, harness.Api.Requests[("download", mediaId)]); // found in the attachment store, not fetched again
        Assert.EndsWith(Channels.WhatsApp.Media.InboundMedia.Of(envelopes[0])!.StoredId(0).ToString(), stored.Reference);
        Assert.Equal(envelopes[0].SequenceNr, await harness.StoredOffsetAsync());
    }

    [Fact]
    public async Task Messages_without_channel_media_are_passed_over_but_move_the_offset()
    {
        var harness = Harness();
        var text = harness.Envelope(new MessageReceived(MediaFetcherHarness.Conversation(WaId()), 1, 1, ChannelKind.WhatsApp, "wamid.t", "hi", [],
            DateTimeOffset.UtcNow, DateTimeOffset.UtcNow));

        await harness.RunAsync(text);

        Assert.Empty(harness.Recorded);
        Assert.Equal(text.SequenceNr, await harness.StoredOffsetAsync());
    }

    [Fact]
    public async Task A_media_url_on_a_host_that_is_not_allowed_fails_and_the_token_never_leaves()
    {
        var harness = Harness(o => o.DownloadHosts = null); // the default: lookaside.fbsbx.com and the Graph host, not media.test
        var mediaId = MediaId();

        await harness.RunAsync(harness.Photo(WaId(), 2, mediaId, Jpeg(100)));

        var failed = Assert.Single(harness.Recorded);
        Assert.Equal((false, (Attachment?)null, 1), (failed.Retryable, failed.Stored, failed.Attempt));
        Assert.Contains("media.test, which is not an allowed download host (cloud.test, lookaside.fbsbx.com)", failed.FailureReason);
        Assert.Contains("the access token was not sent", failed.FailureReason);
        Assert.Equal(["cloud.test"], harness.Api.Seen.Select(s => s.Host));
    }

    [Fact]
    public async Task A_redirect_to_a_host_that_is_not_allowed_is_not_followed()
    {
        var harness = Harness();
        var mediaId = MediaId();
        harness.Api.Fault = (step, id, _) => step == "download" ? StubMediaApi.Redirect($"https://evil.test/files/{id}") : null;

        await harness.RunAsync(harness.Photo(WaId(), 2, mediaId, Jpeg(100)));

        var failed = Assert.Single(harness.Recorded);
        Assert.False(failed.Retryable);
        Assert.Contains("the media download redirected to evil.test, which is not an allowed download host", failed.FailureReason);
        Assert.Equal(["cloud.test", "media.test"], harness.Api.Seen.Select(s => s.Host));
    }

    [Fact]
    public async Task A_redirect_to_an_allowed_host_is_followed_with_the_token()
    {
        var harness = Harness(o => o.DownloadHosts = ["media.test", "cdn.test"]);
        var mediaId = MediaId();
        var content = Jpeg(300);
        harness.Api.Fault = (step, id, n) => step == "download" && n == 1 ? StubMediaApi.Redirect($"http://cdn.test/files/{id}") : null;

        await harness.RunAsync(harness.Photo(WaId(), 2, mediaId, content));

        Assert.Equal(300L, Assert.Single(harness.Recorded).Stored!.SizeBytes);
        Assert.Equal([("cloud.test", "token"), ("media.test", "token"), ("cdn.test", "token")], harness.Api.Seen.ToArray());
    }

    [Fact]
    public async Task Media_older_than_the_max_age_fails_at_once_without_asking_Graph()
    {
        var harness = Harness();
        var photo = harness.Photo(WaId(), 2, MediaId(), Jpeg(100), receivedAt: DateTimeOffset.UtcNow.AddDays(-7).AddMinutes(-1));

        await harness.RunAsync(photo);

        var failed = Assert.Single(harness.Recorded);
        Assert.Equal((false, (Attachment?)null, 1), (failed.Retryable, failed.Stored, failed.Attempt));
        Assert.Contains("WhatsApp keeps a webhook's media for 7 days, so it was not requested", failed.FailureReason);
        Assert.Empty(harness.Api.Seen);
        Assert.Equal(photo.SequenceNr, await harness.StoredOffsetAsync());
    }

    [Fact]
    public async Task Media_within_the_max_age_is_fetched()
    {
        var harness = Harness(o => o.MaxAge = TimeSpan.FromDays(1));
        await harness.RunAsync(harness.Photo(WaId(), 2, MediaId(), Jpeg(100), receivedAt: DateTimeOffset.UtcNow.AddHours(-23)));
        Assert.NotNull(Assert.Single(harness.Recorded).Stored);
    }

    [Fact]
    public async Task A_retry_that_would_come_after_the_max_age_is_not_made()
    {
        // Received six days ago; while the first attempt fails, two days pass, so the retry would ask for an expired id.
        var clock = new MovableClock();
        var harness = new MediaFetcherHarness(_store, Sys, clock: clock);
        var mediaId = MediaId();
        harness.Api.Fault = (_, _, _) =>
        {
            clock.Advance(TimeSpan.FromDays(2));
            return StubMediaApi.ServerError();
        };

        await harness.RunAsync(harness.Photo(WaId(), 2, mediaId, Jpeg(100), receivedAt: DateTimeOffset.UtcNow.AddDays(-6)));

        Assert.Equal([true, false], harness.Recorded.Select(r => r.Retryable));
        Assert.Contains("was not requested", harness.Recorded[^1].FailureReason);
        Assert.Equal(2, harness.Recorded[^1].Attempt);
        Assert.Equal(1, harness.Api.Requests[("lookup", mediaId)]);
    }
}
