using System.Globalization;
using InteractionEngine.Channels.WhatsApp.Cloud;
using InteractionEngine.Channels.WhatsApp.Outbound;
using InteractionEngine.Domain.Conversations;
using InteractionEngine.Projections.Attachments;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace InteractionEngine.Channels.WhatsApp.Media;

/// <summary>
/// Fetches one message's WhatsApp media: download (lookup, then the url with the token), check the type's size limit
/// and the webhook's sha256, store the bytes in the attachment store, and record the outcome through the conversation
/// (<see cref="RecordAttachmentFetch"/>). Retryable failures are recorded and tried again after a growing delay, up to
/// <see cref="MediaFetchOptions.MaxAttempts"/>; the last one is recorded as final. The token goes only to
/// <see cref="MediaFetchOptions.DownloadHosts"/> (and the Graph host); media older than <see cref="MediaFetchOptions.MaxAge"/>
/// is recorded as failed without asking Graph.
/// </summary>
public sealed class MediaFetchHandler(
    AttachmentStore attachments,
    ConversationRecorder recorder,
    IOptions<MediaFetchOptions> options,
    TimeProvider clock,
    ILogger<MediaFetchHandler> log)
{
    private MediaFetchOptions Options => options.Value;

    public async Task HandleAsync(InboundMedia media, WhatsAppCloudClient client, CancellationToken ct)
    {
        foreach (var (index, attachment) in media.Attachments) await FetchAsync(media, index, attachment, client, ct);
    }

    private async Task FetchAsync(InboundMedia media, int index, Attachment attachment, WhatsAppCloudClient client, CancellationToken ct)
    {
        var tenant = media.ConversationId.Tenant;
        var id = media.StoredId(index);
        // Stored before a crash that came before the outcome was recorded: record it, do not fetch again.
        if (await attachments.FindAsync(tenant, id, ct) is { } earlier)
        {
            await RecordAsync(media, index, attachment, Stored(earlier, attachment), null, 1, false, ct);
            return;
        }
        WhatsAppMedia.TryGetMediaId(attachment.Reference, out var mediaId);
        var maxBytes = WhatsAppLimits.MaxMediaBytes(media.MessageType, attachment.MimeType);
        for (var attempt = 1; ; attempt++)
        {
            // Checked before every attempt, retries included: past WhatsApp's keeping time the id is gone, so Graph is not asked.
            if (TooOld(media) is { } tooOld)
            {
                log.LogWarning("WhatsApp media {MediaId} of {ConversationId} message {MessageNumber} not fetched: {Reason}",
                    mediaId, media.ConversationId.Value, media.MessageNumber, tooOld);
                await RecordAsync(media, index, attachment, null, tooOld, attempt, false, ct);
                return;
            }
            var (stored, reason, retryable) = await TryOnceAsync(media, index, attachment, mediaId, maxBytes, client, ct);
            if (stored is not null)
            {
                log.LogInformation("Stored WhatsApp media {MediaId} of {ConversationId} message {MessageNumber} as {Reference} ({Size} bytes, attempt {Attempt})",
                    mediaId, media.ConversationId.Value, media.MessageNumber, stored.Reference, stored.SizeBytes, attempt);
                await RecordAsync(media, index, attachment, stored, null, attempt, false, ct);
                return;
            }
            var again = retryable && attempt < Options.MaxAttempts;
            log.LogWarning("WhatsApp media {MediaId} of {ConversationId} message {MessageNumber}, attempt {Attempt}: {Reason} ({Outcome})",
                mediaId, media.ConversationId.Value, media.MessageNumber, attempt, reason, again ? "retrying" : "final");
            await RecordAsync(media, index, attachment, null,
                retryable && !again ? $"{reason} (gave up after {attempt} attempts)" : reason, attempt, again, ct);
            if (!again) return;
            await Task.Delay(Options.RetryDelay(attempt), clock, ct);
        }
    }

    private async Task<(Attachment? Stored, string? Reason, bool Retryable)> TryOnceAsync(
        InboundMedia media, int index, Attachment attachment, string mediaId, long maxBytes, WhatsAppCloudClient client, CancellationToken ct)
    {
        switch (await client.DownloadMediaAsync(mediaId, maxBytes, downloadHosts: Options.DownloadHosts, cancellationToken: ct))
        {
            case MediaDownload.Failed f:
                return (null, f.Reason, f.Retryable);
            case MediaDownload.Fetched fetched:
                var mime = MimeOf(fetched.Info.MimeType) ?? attachment.MimeType;
                if (WhatsAppLimits.MediaSizeProblem(media.MessageType, mime, fetched.Content.LongLength) is { } tooLarge) return (null, tooLarge, false);
                // The webhook's checksum is the one the contact's message named; the lookup's is the fallback.
                if (MediaChecksum.Problem(attachment.Sha256 ?? fetched.Info.Sha256, fetched.Content) is { } mismatch) return (null, mismatch, false);
                var saved = await attachments.SaveOnceAsync(media.StoredId(index), media.ConversationId.Tenant, mime, attachment.FileName, fetched.Content, ct);
                return (Stored(saved, attachment), null, false);
            default:
                throw new InvalidOperationException("unknown download outcome");
        }
    }

    private string? TooOld(InboundMedia media)
    {
        var age = clock.GetUtcNow() - media.ReceivedAt;
        return age <= Options.MaxAge ? null
            : string.Create(CultureInfo.InvariantCulture, $"the media is {age.TotalDays:0.#} days old (received {media.ReceivedAt:u}); WhatsApp keeps a webhook's media for {Options.MaxAge.TotalDays:0.#} days, so it was not requested");
    }

    private static Attachment Stored(AttachmentStore.Stored saved, Attachment received) =>
        new(AttachmentStore.ReferencePrefix + saved.Id, saved.MimeType, saved.SizeBytes, saved.FileName ?? received.FileName, received.Caption, saved.Sha256);

    private static string? MimeOf(string? contentType) => contentType?.Split(';')[0].Trim().ToLowerInvariant() is { Length: > 0 } mime && mime.Contains('/') ? mime : null;

    private Task RecordAsync(InboundMedia media, int index, Attachment attachment, Attachment? stored, string? reason, int attempt, bool retryable, CancellationToken ct) =>
        recorder.RecordAsync(new RecordAttachmentFetch(media.ConversationId, media.MessageNumber, index, attachment.Reference, stored, reason,
            attempt, retryable, clock.GetUtcNow()), ct);
}
