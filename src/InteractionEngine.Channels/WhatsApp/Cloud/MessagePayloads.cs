using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace InteractionEngine.Channels.WhatsApp.Cloud;

/// <summary>The body of POST /{version}/{phone-number-id}/messages, field names as the Cloud API spells them.</summary>
internal sealed record OutboundMessage(
    string To,
    string Type,
    TextBody? Text = null,
    MediaObject? Image = null,
    TemplatePayload? Template = null,
    MessageContext? Context = null,
    string? BizOpaqueCallbackData = null)
{
    [JsonPropertyOrder(-2)] public string MessagingProduct => "whatsapp";
    [JsonPropertyOrder(-1)] public string RecipientType => "individual";
}

internal sealed record TextBody(string Body, bool PreviewUrl = false);

internal sealed record MessageContext(string MessageId);

/// <summary>Media by WhatsApp media id (uploaded through the Cloud API) or by a public https link.</summary>
public sealed record MediaObject(string? Id = null, string? Link = null, string? Caption = null);

/// <summary>The <c>template</c> object of a template message.</summary>
public sealed record TemplatePayload(string Name, TemplateLanguage Language, IReadOnlyList<TemplateComponent> Components);

public sealed record TemplateLanguage(string Code);

/// <summary>header / body / button component; buttons carry sub_type (quick_reply, url) and their index in the template.</summary>
public sealed record TemplateComponent(string Type, IReadOnlyList<TemplateParameter> Parameters, string? SubType = null, string? Index = null);

/// <summary>text (with parameter_name for named templates), image, or payload (quick-reply buttons).</summary>
public sealed record TemplateParameter(string Type, string? Text = null, string? ParameterName = null, string? Payload = null, MediaObject? Image = null)
{
    public static TemplateParameter ForText(string text, string? name = null) => new("text", Text: text, ParameterName: name);
    public static TemplateParameter ForPayload(string payload) => new("payload", Payload: payload);
    public static TemplateParameter ForImage(MediaObject image) => new("image", Image: image);
}

/// <summary>A button parameter of a template send: the quick reply's payload, or the dynamic suffix of a URL button.</summary>
public sealed record TemplateButtonParameter(int Index, TemplateButtonParameterKind Kind, string Value)
{
    internal TemplateComponent ToComponent() => Kind == TemplateButtonParameterKind.QuickReplyPayload
        ? new TemplateComponent("button", [TemplateParameter.ForPayload(Value)], "quick_reply", Index.ToString(CultureInfo.InvariantCulture))
        : new TemplateComponent("button", [TemplateParameter.ForText(Value)], "url", Index.ToString(CultureInfo.InvariantCulture));
}

public enum TemplateButtonParameterKind
{
    QuickReplyPayload,
    UrlSuffix,
}

internal static class PayloadJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
