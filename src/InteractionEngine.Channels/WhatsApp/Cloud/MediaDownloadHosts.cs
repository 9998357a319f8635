namespace InteractionEngine.Channels.WhatsApp.Cloud;

/// <summary>
/// The hosts a media download may be sent to with the access token: WhatsApp's media CDN (lookaside.fbsbx.com by
/// default, or the configured list) plus the Graph base URL's host. A media lookup that names any other host, or a
/// download that redirects to one, fails without the token leaving the engine. Hosts match exactly, in any case.
/// </summary>
public sealed class MediaDownloadHosts
{
    public static readonly IReadOnlyList<string> Default = ["lookaside.fbsbx.com"];

    private readonly HashSet<string> _hosts;

    public MediaDownloadHosts(IEnumerable<string>? hosts, string graphBaseUrl)
    {
        _hosts = new HashSet<string>((hosts ?? Default).Select(HostOf).Where(h => h.Length > 0), StringComparer.OrdinalIgnoreCase);
        if (Uri.TryCreate(graphBaseUrl, UriKind.Absolute, out var graph)) _hosts.Add(graph.IdnHost);
    }

    public IReadOnlyCollection<string> Hosts => _hosts;

    /// <summary>A configured entry as a host name: "https://lookaside.fbsbx.com/" is read as its host, not never matched.</summary>
    private static string HostOf(string entry) =>
        Uri.TryCreate(entry.Trim(), UriKind.Absolute, out var url) && url.Scheme is "https" or "http" ? url.IdnHost : entry.Trim().TrimEnd('.');

    public bool Allows(Uri url) => url.IsAbsoluteUri && url.Scheme is "https" or "http" && _hosts.Contains(url.IdnHost);
}
