namespace InteractionEngine.Channels.WhatsApp;

/// <summary>
/// Configuration section <c>WhatsApp</c> for the inbound side: the secrets Meta's webhook uses, the catalog, and
/// which tenant owns each business phone number (the Cloud API client has its own section, WhatsApp:Cloud).
/// </summary>
public sealed class WhatsAppChannelOptions
{
    public const string Section = "WhatsApp";

    /// <summary>The Meta app's secret: the key of X-Hub-Signature-256. Without it every POST is refused.</summary>
    public string AppSecret { get; set; } = "";

    /// <summary>The token typed into the app dashboard's webhook settings; answers the GET handshake.</summary>
    public string VerifyToken { get; set; } = "";

    /// <summary>The default template catalog: for every tenant without its own <see cref="TenantTemplatesPaths"/> entry.</summary>
    public string TemplatesPath { get; set; } = "whatsapp-templates.json";

    /// <summary>Tenants' own catalogs, by tenant id: filled from <c>Tenants:{id}:WhatsApp:TemplatesPath</c> (see <see cref="WhatsAppChannelRegistration"/>).</summary>
    public Dictionary<string, string> TenantTemplatesPaths { get; set; } = new(StringComparer.Ordinal);

    public List<WhatsAppBusinessNumber> Numbers { get; set; } = [];

    /// <summary>The tenant owning <paramref name="phoneNumberId"/>; null for a number nobody owns (acknowledge, log, store nothing).</summary>
    public string? TenantFor(string? phoneNumberId) =>
        phoneNumberId is null ? null : Numbers.FirstOrDefault(n => n.PhoneNumberId == phoneNumberId)?.Tenant;
}

/// <summary>A business number: Meta's phone number id, the tenant that owns it, and its default region for contacts' national numbers.</summary>
public sealed class WhatsAppBusinessNumber
{
    public string PhoneNumberId { get; set; } = "";
    public string Tenant { get; set; } = "";
    public string? DisplayPhoneNumber { get; set; }
    public string? DefaultRegion { get; set; }
}
