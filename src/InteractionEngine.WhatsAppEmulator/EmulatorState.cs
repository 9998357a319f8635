using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace InteractionEngine.WhatsAppEmulator;

/// <summary>What the emulator saw and did, for tests (in-process) and GET /emulator/sends, /emulator/webhooks.</summary>
public sealed class EmulatorState
{
    private readonly ConcurrentQueue<SentMessage> _accepted = new();
    private readonly ConcurrentQueue<WebhookDelivery> _deliveries = new();
    private readonly ConcurrentDictionary<string, DateTimeOffset> _lastInbound = new();
    private readonly ConcurrentDictionary<string, StoredMedia> _media = new();
    private readonly ConcurrentQueue<UploadedMedia> _uploads = new();
    private int _received, _uploadsReceived, _rateLimitNext, _serverErrorNext, _mediaServerErrorNext, _mediaForeignHostNext, _mediaRedirectNext;

    public EmulatorState(EmulatorOptions options) => _rateLimitNext = options.RateLimitNext;

    /// <summary>Every POST that reached the messages endpoint, answered or refused.</summary>
    public int ReceivedSends => Volatile.Read(ref _received);

    public IReadOnlyList<SentMessage> Accepted => [.. _accepted];

    /// <summary>Every POST that reached the media endpoint, answered or refused.</summary>
    public int ReceivedUploads => Volatile.Read(ref _uploadsReceived);

    /// <summary>Media the business uploaded (POST /{version}/{phone-number-id}/media) and got an id for.</summary>
    public IReadOnlyList<UploadedMedia> Uploads => [.. _uploads];
    public IReadOnlyList<WebhookDelivery> Deliveries => [.. _deliveries];
    public int RateLimitNext => Volatile.Read(ref _rateLimitNext);
    public int ServerErrorNext => Volatile.Read(ref _serverErrorNext);
    /// <summary>The next N media lookups or downloads answer 500 (transient), as Graph sometimes does.</summary>
    public int MediaServerErrorNext => Volatile.Read(ref _mediaServerErrorNext);

    /// <summary>The next N media lookups answer a url on a host that is not WhatsApp's (a client must not send its token there).</summary>
    public int MediaForeignHostNext => Volatile.Read(ref _mediaForeignHostNext);
    /// <summary>The next N media downloads answer 302 to a host that is not WhatsApp's.</summary>
    public int MediaRedirectNext => Volatile.Read(ref _mediaRedirectNext);

    public void SetFaults(int? rateLimitNext, int? serverErrorNext, int? mediaServerErrorNext = null, int? mediaForeignHostNext = null, int? mediaRedirectNext = null)
    {
        if (mediaForeignHostNext is { } f) Volatile.Write(ref _mediaForeignHostNext, Math.Max(0, f));
        if (mediaRedirectNext is { } d) Volatile.Write(ref _mediaRedirectNext, Math.Max(0, d));
        if (rateLimitNext is { } r) Volatile.Write(ref _rateLimitNext, Math.Max(0, r));
        if (serverErrorNext is { } s) Volatile.Write(ref _serverErrorNext, Math.Max(0, s));
        if (mediaServerErrorNext is { } m) Volatile.Write(ref _mediaServerErrorNext, Math.Max(0, m));
    }

    internal void CountReceived() => Interlocked.Increment(ref _received);
    internal void CountUpload() => Interlocked.Increment(ref _uploadsReceived);
    internal void Uploaded(StoredMedia media, string phoneNumberId, DateTimeOffset at)
    {
        Store(media);
        _uploads.Enqueue(new UploadedMedia(media.Id, phoneNumberId, media.MimeType, media.Bytes.LongLength, media.Sha256, at));
    }
    internal bool TakeRateLimit() => TakeOne(ref _rateLimitNext);
    internal bool TakeServerError() => TakeOne(ref _serverErrorNext);
    internal void Record(SentMessage message) => _accepted.Enqueue(message);
    internal void Record(WebhookDelivery delivery) => _deliveries.Enqueue(delivery);
    internal void ContactWrote(string waId, DateTimeOffset at) => _lastInbound[waId] = at;
    internal DateTimeOffset? LastInbound(string waId) => _lastInbound.TryGetValue(waId, out var at) ? at : null;
    internal void Store(StoredMedia media) => _media[media.Id] = media;
    internal StoredMedia? Media(string id) => _media.GetValueOrDefault(id);
    /// <summary>The media while it has not expired at <paramref name="now"/>.</summary>
    internal StoredMedia? LiveMedia(string id, DateTimeOffset now) => Media(id) is { } m && !(m.ExpiresAt <= now) ? m : null;
    internal bool Expire(string id, DateTimeOffset now) => _media.TryGetValue(id, out var m) && _media.TryUpdate(id, m with { ExpiresAt = now }, m);
    internal bool TakeMediaServerError() => TakeOne(ref _mediaServerErrorNext);
    internal bool TakeMediaForeignHost() => TakeOne(ref _mediaForeignHostNext);
    internal bool TakeMediaRedirect() => TakeOne(ref _mediaRedirectNext);
    internal SentMessage? Find(string wamid) => _accepted.FirstOrDefault(m => m.Wamid == wamid);

    public void Reset()
    {
        _accepted.Clear();
        _deliveries.Clear();
        _lastInbound.Clear();
        _uploads.Clear();
        Volatile.Write(ref _received, 0);
        Volatile.Write(ref _uploadsReceived, 0);
        SetFaults(0, 0, 0, 0, 0);
    }

    private static bool TakeOne(ref int counter)
    {
        while (true)
        {
            var current = Volatile.Read(ref counter);
            if (current <= 0) return false;
            if (Interlocked.CompareExchange(ref counter, current - 1, current) == current) return true;
        }
    }
}

/// <summary>A message the emulator accepted (answered 200 with <paramref name="Wamid"/>).</summary>
public sealed record SentMessage(string Wamid, string PhoneNumberId, string To, string Type, JsonObject Body, DateTimeOffset At);

/// <summary>One webhook POST to the callback URL and how it ended.</summary>
public sealed record WebhookDelivery(string Kind, string Wamid, int? HttpStatus, int Attempts, string? Error)
{
    public bool Delivered => HttpStatus is >= 200 and < 300;
}

/// <summary>Media the emulator holds; <paramref name="Sha256"/> in base64, as webhooks carry it; gone after <paramref name="ExpiresAt"/>.</summary>
public sealed record StoredMedia(string Id, string MimeType, byte[] Bytes, string Sha256, DateTimeOffset? ExpiresAt = null);

/// <summary>An upload the emulator accepted (answered 200 {"id"}); the bytes stay in the media store.</summary>
public sealed record UploadedMedia(string Id, string PhoneNumberId, string MimeType, long SizeBytes, string Sha256, DateTimeOffset At);
