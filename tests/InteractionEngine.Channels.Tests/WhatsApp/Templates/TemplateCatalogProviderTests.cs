using InteractionEngine.Channels.WhatsApp;
using InteractionEngine.Channels.WhatsApp.Templates;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace InteractionEngine.Channels.Tests.WhatsApp.Templates;

/// <summary>Each tenant's catalog: its own file or the default, and a broken file only affects the tenants using it.</summary>
public sealed class TemplateCatalogProviderTests : IDisposable
{
    private const string OneTemplate = """
        {"templates": [{"name": "globex_hello", "language": "en_US", "category": "UTILITY", "status": "APPROVED", "body": "Hello from Globex"}]}
        """;

    private readonly string _folder = Directory.CreateTempSubdirectory("ie-templates-").FullName;

    private string File(string name, string json)
    {
        var path = Path.Combine(_folder, name);
        System.IO.File.WriteAllText(path, json);
        return path;
    }

    private static TemplateCatalogProvider Provider(string defaultPath, Dictionary<string, string> tenants) =>
        new(Options.Create(new WhatsAppChannelOptions { TemplatesPath = defaultPath, TenantTemplatesPaths = tenants }), NullLogger<TemplateCatalogProvider>.Instance);

    [Fact]
    public void A_tenant_with_its_own_path_gets_its_catalog_and_the_others_the_default()
    {
        var shipped = Path.Combine(AppContext.BaseDirectory, "whatsapp-templates.json");
        var provider = Provider(shipped, new() { ["globex"] = File("globex.json", OneTemplate) });

        Assert.Equal(["globex_hello"], provider.For("globex").Catalog!.Templates.Select(t => t.Name));
        var acme = provider.For("acme");
        Assert.Equal(shipped, acme.Path);
        Assert.Contains(acme.Catalog!.Templates, t => t.Name == "appointment_reminder");
        Assert.Same(provider.Default.Catalog, acme.Catalog); // one load per file
        Assert.Equal(["globex"], provider.TenantsWithOwnCatalog);
    }

    [Fact]
    public void A_relative_path_is_next_to_the_binary()
    {
        var provider = Provider("whatsapp-templates.json", []);
        Assert.Equal(Path.Combine(AppContext.BaseDirectory, "whatsapp-templates.json"), provider.For("acme").Path);
        Assert.Null(provider.For("acme").Problem);
    }

    [Fact]
    public void A_broken_file_names_itself_and_its_problem_while_other_tenants_load()
    {
        var badJson = File("initech.json", """{"templates": [ {"name": "x" """);
        var missing = File("umbrella.json", """{"templates": [{"name": "hi", "language": "en_US", "category": "UTILITY", "body": "Hi"}]}""");
        var provider = Provider(File("default.json", OneTemplate), new() { ["initech"] = badJson, ["umbrella"] = missing, ["absent"] = Path.Combine(_folder, "nope.json") });

        var initech = provider.For("initech");
        Assert.Null(initech.Catalog);
        Assert.Contains(badJson, initech.Problem);
        Assert.Contains("not a valid catalog", initech.Problem);

        var umbrella = provider.For("umbrella");
        Assert.Null(umbrella.Catalog);
        Assert.Contains(missing, umbrella.Problem);
        Assert.Contains("template #0 (hi) is missing \"status\"", umbrella.Problem);

        Assert.Contains("nope.json", provider.For("absent").Problem);
        Assert.Contains("could not be read", provider.For("absent").Problem);

        Assert.NotNull(provider.For("acme").Catalog);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
