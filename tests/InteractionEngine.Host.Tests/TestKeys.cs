using System.Net.Http.Headers;

namespace InteractionEngine.Host.Tests;

/// <summary>The demo credentials configured in config/appsettings.json (hashes there, keys here).</summary>
internal static class TestKeys
{
    public const string AcmeRouting = "ie.acme-routing.demo-acme-routing-0001";
    public const string AcmeAgent1 = "ie.acme-agent-1.demo-acme-agent-1-0001";
    public const string AcmeAgent2 = "ie.acme-agent-2.demo-acme-agent-2-0001";
    public const string AcmeAnalyst = "ie.acme-analyst.demo-acme-analyst-0001";
    public const string AcmeAdmin = "ie.acme-admin.demo-acme-admin-00001";
    public const string GlobexRouting = "ie.globex-routing.demo-globex-routing-01";
    public const string GlobexAgent1 = "ie.globex-agent-1.demo-globex-agent-1-01";

    public static HttpClient As(this HttpClient client, string key)
    {
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }
}
