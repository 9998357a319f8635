using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Npgsql;

namespace InteractionEngine.Host.Tests.WhatsApp;

/// <summary>Acme has its own catalog (one template); globex's file is broken (a template without its status).</summary>
public sealed class TenantCatalogEngineFactory : EngineFactory
{
    public string Folder { get; } = Directory.CreateTempSubdirectory("ie-tenant-templates-").FullName;
    public string AcmeCatalog => Path.Combine(Folder, "acme-templates.json");
    public string GlobexCatalog => Path.Combine(Folder, "globex-templates.json");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        File.WriteAllText(AcmeCatalog, """
            {"templates": [{"name": "acme_visit", "language": "pt_PT", "category": "UTILITY", "status": "APPROVED",
              "body": "Olá {{1}}, a visita é a {{2}} às {{3}}.", "fields": [
                {"placeholder": "1", "field": "contact.firstName"}, {"placeholder": "2", "field": "visit.date"}, {"placeholder": "3", "field": "visit.time"}]}]}
            """);
        File.WriteAllText(GlobexCatalog, """{"templates": [{"name": "globex_hello", "language": "en_US", "category": "UTILITY", "body": "Hello"}]}""");
        builder.UseSetting("Tenants:acme:WhatsApp:TemplatesPath", AcmeCatalog);
        builder.UseSetting("Tenants:globex:WhatsApp:TemplatesPath", GlobexCatalog);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(Folder, recursive: true);
    }
}

/// <summary>Per-tenant template catalogs over HTTP: each tenant sees its own; a broken one is 503 for its tenant only and degrades health.</summary>
public sealed class WhatsAppTenantCatalogTests(TenantCatalogEngineFactory engine) : IClassFixture<TenantCatalogEngineFactory>
{
    private HttpClient Client(string key) => engine.CreateClient().As(key);

    private static async Task<JsonElement> Json(HttpResponseMessage response) => JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    private async Task<long> JournalRowsAsync()
    {
        await using var connection = new NpgsqlConnection(engine.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select count(*) from journal", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task Each_tenant_lists_its_own_catalog()
    {
        var list = await Json(await Client(TestKeys.AcmeAgent1).GetAsync("/api/v1/channels/whatsapp/templates"));
        Assert.Equal(["acme_visit"], list.GetProperty("templates").EnumerateArray().Select(t => t.GetProperty("name").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await Client(TestKeys.AcmeAgent1).GetAsync("/api/v1/channels/whatsapp/templates/appointment_reminder")).StatusCode);
    }

    [Fact]
    public async Task A_broken_catalog_is_503_naming_the_file_for_its_tenant_only_and_changes_nothing()
    {
        var globex = Client(TestKeys.GlobexAgent1);
        foreach (var response in new[]
                 {
                     await globex.GetAsync("/api/v1/channels/whatsapp/templates"),
                     await globex.GetAsync("/api/v1/channels/whatsapp/templates/globex_hello"),
                     await globex.PostAsJsonAsync("/api/v1/contacts/gina/notifications/preview", new { template = "globex_hello" }),
                 })
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var detail = (await Json(response)).GetProperty("detail").GetString()!;
            Assert.Contains("globex", detail);
            Assert.Contains(engine.GlobexCatalog, detail);
            Assert.Contains("missing \"status\"", detail);
        }

        var before = await JournalRowsAsync();
        var send = await globex.PostAsJsonAsync("/api/v1/contacts/gina/notifications", new { clientMessageId = "n1", template = "globex_hello" });
        Assert.Equal(HttpStatusCode.ServiceUnavailable, send.StatusCode);
        Assert.Equal(before, await JournalRowsAsync());

        // Acme's own catalog still works.
        Assert.Equal(HttpStatusCode.OK, (await Client(TestKeys.AcmeAgent1).GetAsync("/api/v1/channels/whatsapp/templates/acme_visit")).StatusCode);
    }

    [Fact]
    public async Task The_health_check_is_degraded_naming_the_tenant_whose_catalog_is_broken()
    {
        var report = await Json(await engine.CreateClient().GetAsync("/health/ready"));
        var check = report.GetProperty("checks").GetProperty("whatsapp-templates");
        Assert.Equal("Degraded", check.GetProperty("status").GetString());
        Assert.Contains("globex", check.GetProperty("description").GetString());
        Assert.DoesNotContain("acme", check.GetProperty("description").GetString());
        Assert.Contains(engine.GlobexCatalog, check.GetProperty("data").GetProperty("globex").GetString());
        Assert.Contains("1 templates", check.GetProperty("data").GetProperty("acme").GetString());
    }

    [Fact]
    public async Task Every_missing_field_is_listed_in_errors_in_preview_and_send()
    {
        var agent = Client(TestKeys.AcmeAgent1);
        var contact = "m-" + Guid.NewGuid().ToString("N")[..10]; // not in the directory: contact.firstName is missing too
        var preview = await agent.PostAsJsonAsync($"/api/v1/contacts/{contact}/notifications/preview",
            new { template = "acme_visit", values = new Dictionary<string, string> { ["visit.time"] = "10:00" } });
        var send = await agent.PostAsJsonAsync($"/api/v1/contacts/{contact}/notifications",
            new { clientMessageId = "n1", template = "acme_visit", values = new Dictionary<string, string> { ["visit.time"] = "10:00" } });
        foreach (var response in new[] { preview, send })
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
            var problem = await Json(response);
            var errors = problem.GetProperty("errors");
            Assert.Equal(["contact.firstName", "visit.date"], errors.EnumerateObject().Select(e => e.Name));
            Assert.Contains("visit.date", errors.GetProperty("visit.date")[0].GetString());
            Assert.Equal("contact.firstName", problem.GetProperty("field").GetString());
        }
    }
}
