using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace InteractionEngine.WhatsAppEmulator;

/// <summary>
/// GET /{version}/{media-id} → {messaging_product, url, mime_type, sha256, file_size, id}, and the url itself,
/// both with the bearer token, for media the simulated contacts sent.
/// </summary>
internal static class MediaEndpoints
{
    public static void MapMedia(this IEndpointRouteBuilder app)
    {
        app.MapGet("/{version:regex(^v\\d+\\.\\d+$)}/{mediaId:regex(^\\d+$)}", (string mediaId, HttpRequest http, IOptions<EmulatorOptions> options, EmulatorState state) =>
        {
            if (GraphAuth.Check(http, options.Value) is { } denied) return denied;
            if (state.Media(mediaId) is not { } media) return GraphErrors.UnknownObject(mediaId);
            return Results.Json(new JsonObject
            {
                ["messaging_product"] = "whatsapp",
                ["url"] = $"{http.Scheme}://{http.Host}/emulator/media/{media.Id}",
                ["mime_type"] = media.MimeType,
                ["sha256"] = media.Sha256,
                ["file_size"] = media.Bytes.Length.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["id"] = media.Id,
            });
        });
        app.MapGet("/emulator/media/{mediaId}", (string mediaId, HttpRequest http, IOptions<EmulatorOptions> options, EmulatorState state) =>
            GraphAuth.Check(http, options.Value)
            ?? (state.Media(mediaId) is { } media ? Results.Bytes(media.Bytes, media.MimeType) : Results.NotFound()));
    }
}
