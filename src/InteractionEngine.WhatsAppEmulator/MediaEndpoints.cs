using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace InteractionEngine.WhatsAppEmulator;

/// <summary>
/// POST /{version}/{phone-number-id}/media (multipart: messaging_product, type, file) → {"id"}, with the Cloud API's
/// image limits (image/jpeg and image/png, 5 MB); GET /{version}/{media-id} → {messaging_product, url, mime_type,
/// sha256, file_size, id}, and the url itself, all with the bearer token, for uploads and for media the simulated
/// contacts sent. Faults: a server error, a lookup url on a foreign host, a download redirected to a foreign host.
/// </summary>
internal static class MediaEndpoints
{
    public const long MaxImageBytes = 5 * 1024 * 1024;
    public static readonly string[] ImageTypes = ["image/jpeg", "image/png"];

    public static void MapMedia(this IEndpointRouteBuilder app)
    {
        app.MapPost("/{version:regex(^v\\d+\\.\\d+$)}/{phoneNumberId}/media", UploadAsync);
        app.MapGet("/{version:regex(^v\\d+\\.\\d+$)}/{mediaId:regex(^\\d+$)}", (string mediaId, HttpRequest http, IOptions<EmulatorOptions> options, EmulatorState state, TimeProvider time) =>
        {
            if (GraphAuth.Check(http, options.Value) is { } denied) return denied;
            if (state.TakeMediaServerError()) return GraphErrors.ServerError();
            // Expired media answers as Graph does for an id it no longer has.
            if (state.LiveMedia(mediaId, time.GetUtcNow()) is not { } media) return GraphErrors.UnknownObject(mediaId);
            return Results.Json(new JsonObject
            {
                ["messaging_product"] = "whatsapp",
                ["url"] = state.TakeMediaForeignHost() ? ForeignUrl(media.Id) : $"{http.Scheme}://{http.Host}/emulator/media/{media.Id}",
                ["mime_type"] = media.MimeType,
                ["sha256"] = media.Sha256,
                ["file_size"] = media.Bytes.Length.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["id"] = media.Id,
            });
        });
        app.MapGet("/emulator/media/{mediaId}", (string mediaId, HttpRequest http, IOptions<EmulatorOptions> options, EmulatorState state, TimeProvider time) =>
            GraphAuth.Check(http, options.Value)
            ?? (state.TakeMediaServerError() ? GraphErrors.ServerError()
                : state.TakeMediaRedirect() ? Results.Redirect(ForeignUrl(mediaId))
                : state.LiveMedia(mediaId, time.GetUtcNow()) is { } media ? Results.Bytes(media.Bytes, media.MimeType) : Results.NotFound()));
    }

    /// <summary>A host that is not WhatsApp's (reserved, never resolves): what the media faults point a client at.</summary>
    internal const string ForeignHost = "media.foreign.invalid";

    private static string ForeignUrl(string mediaId) => $"https://{ForeignHost}/emulator/media/{mediaId}";

    private static async Task<IResult> UploadAsync(string phoneNumberId, HttpRequest http, IOptions<EmulatorOptions> options, EmulatorState state, TimeProvider time)
    {
        state.CountUpload();
        var o = options.Value;
        if (GraphAuth.Check(http, o) is { } denied) return denied;
        if (o.EffectivePhoneNumbers.All(n => n.PhoneNumberId != phoneNumberId)) return GraphErrors.UnknownObject(phoneNumberId);
        if (state.TakeRateLimit()) return GraphErrors.RateLimited();
        if (state.TakeServerError()) return GraphErrors.ServerError();
        if (!http.HasFormContentType)
            return GraphErrors.InvalidParameter("The request must be multipart/form-data with the parameters messaging_product, type and file.");
        IFormCollection form;
        try
        {
            form = await http.ReadFormAsync(http.HttpContext.RequestAborted);
        }
        catch (InvalidDataException e)
        {
            return GraphErrors.InvalidParameter($"The multipart body could not be read: {e.Message}");
        }
        if (form["messaging_product"].ToString() != "whatsapp")
            return GraphErrors.InvalidParameter("The parameter messaging_product is required and must be 'whatsapp'.");
        if (form.Files.GetFile("file") is not { } file) return GraphErrors.InvalidParameter("The parameter file is required.");
        var type = form["type"].ToString() is { Length: > 0 } given ? given : file.ContentType;
        if (string.IsNullOrEmpty(type)) return GraphErrors.InvalidParameter("The parameter type is required.");
        type = type.Split(';')[0].Trim().ToLowerInvariant();
        if (!ImageTypes.Contains(type)) return GraphErrors.UnsupportedMediaType(type);
        if (file.Length > MaxImageBytes)
            return GraphErrors.MediaUpload($"The image is {file.Length} bytes; {type} media may be at most 5 MB ({MaxImageBytes} bytes).");
        if (file.Length == 0) return GraphErrors.MediaUpload("The file is empty.");

        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, http.HttpContext.RequestAborted);
        var bytes = buffer.ToArray();
        if (!LooksLike(type, bytes)) return GraphErrors.MediaUpload($"The file could not be processed as {type}.");
        var media = new StoredMedia(NewMediaId(), type, bytes, Convert.ToBase64String(SHA256.HashData(bytes)));
        state.Uploaded(media, phoneNumberId, time.GetUtcNow());
        return Results.Json(new JsonObject { ["id"] = media.Id });
    }

    private static bool LooksLike(string type, byte[] bytes) => type == "image/png"
        ? bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        : bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]);

    internal static string NewMediaId() =>
        RandomNumberGenerator.GetInt32(100_000_000, int.MaxValue).ToString(System.Globalization.CultureInfo.InvariantCulture) + "0000000";
}
