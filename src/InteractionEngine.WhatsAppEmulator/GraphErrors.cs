using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace InteractionEngine.WhatsAppEmulator;

/// <summary>
/// Graph API error answers as the Cloud API gives them:
/// {"error":{"message":"(#code) Title","type":"OAuthException","code":…,"error_data":{"messaging_product":"whatsapp","details":…},"fbtrace_id":…}}.
/// </summary>
internal static class GraphErrors
{
    public const string ErrorCodesHref = "https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/";

    public static IResult TokenMissing() =>
        Answer(StatusCodes.Status401Unauthorized, 104, "An access token is required to request this resource.", null);

    public static IResult TokenInvalid() =>
        Answer(StatusCodes.Status401Unauthorized, 190, "Invalid OAuth access token - Cannot parse access token", null);

    public static IResult UnknownObject(string id) =>
        Answer(StatusCodes.Status400BadRequest, 100,
            $"Unsupported post request. Object with ID '{id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api",
            null, type: "GraphMethodException", subcode: 33);

    public static IResult InvalidParameter(string details) =>
        Answer(StatusCodes.Status400BadRequest, 100, "(#100) Invalid parameter", details);

    /// <summary>The media endpoint's answer to a type it does not take (the Cloud API lists every accepted type; the emulator takes images only).</summary>
    public static IResult UnsupportedMediaType(string? received) =>
        Answer(StatusCodes.Status400BadRequest, 100,
            $"(#100) Param file must be a file with one of the following types: {string.Join(", ", MediaEndpoints.ImageTypes)}. Received file of type '{received}'.", null);

    /// <summary>Media WhatsApp cannot use (too large for its type, or not what its type says).</summary>
    public static IResult MediaUpload(string details) =>
        Answer(StatusCodes.Status400BadRequest, 131053, "(#131053) Media upload error", details);

    /// <summary>A message naming a media id the business never uploaded (or that expired).</summary>
    public static IResult UnknownMedia(string type, string id) =>
        Answer(StatusCodes.Status400BadRequest, 100, "(#100) Invalid parameter",
            $"Param {type}['id'] is not a valid whatsapp business account media attachment ID ({id})");

    public static IResult RateLimited() =>
        Answer(StatusCodes.Status429TooManyRequests, 130429, "(#130429) Rate limit hit", "Cloud API message throughput has been reached.");

    public static IResult ServerError() =>
        Answer(StatusCodes.Status500InternalServerError, 1, "An unknown error has occurred.", null, transient: true);

    public static IResult NotAllowed() =>
        Answer(StatusCodes.Status400BadRequest, 131030, "(#131030) Recipient phone number not in allowed list",
            "Recipient phone number not in allowed list: Add recipient phone number to recipient list and try again.");

    public static IResult Undeliverable() =>
        Answer(StatusCodes.Status400BadRequest, 131026, "(#131026) Message undeliverable", "Message Undeliverable.");

    public static IResult TemplateMissing(string name, string language) =>
        Answer(StatusCodes.Status404NotFound, 132001, "(#132001) Template name does not exist in the translation",
            $"template name ({name}) does not exist in {language}");

    public static IResult TemplateParameters(string component, int given, int expected) =>
        Answer(StatusCodes.Status400BadRequest, 132000, "(#132000) Number of parameters does not match the expected number of params",
            $"{component}: number of localizable_params ({given}) does not match the expected number of params ({expected})");

    /// <summary>The error object inside a failed status webhook: {code, title, message, error_data{details}, href}.</summary>
    public static JsonObject StatusError(int code, string title, string details) => new()
    {
        ["code"] = code,
        ["title"] = title,
        ["message"] = title,
        ["error_data"] = new JsonObject { ["details"] = details },
        ["href"] = ErrorCodesHref,
    };

    private static IResult Answer(int httpStatus, int code, string message, string? details,
        string type = "OAuthException", int? subcode = null, bool? transient = null)
    {
        var error = new JsonObject { ["message"] = message, ["type"] = type, ["code"] = code };
        if (details is not null) error["error_data"] = new JsonObject { ["messaging_product"] = "whatsapp", ["details"] = details };
        if (subcode is not null) error["error_subcode"] = subcode;
        if (transient is not null) error["is_transient"] = transient;
        error["fbtrace_id"] = TraceId();
        return Results.Json(new JsonObject { ["error"] = error }, statusCode: httpStatus);
    }

    private static string TraceId() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)).TrimEnd('=').Replace('+', 'A').Replace('/', 'B');
}
