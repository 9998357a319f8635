using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using InteractionEngine.Domain.Conversations;
using InteractionEngine.Projections.Directory;
using InteractionEngine.Projections.Store;
using Microsoft.Extensions.DependencyInjection;

namespace InteractionEngine.Host.Tests;

/// <summary>An engine whose database holds directory documents written before directory events (no enteredAt).</summary>
public sealed class LegacyDirectoryEngineFactory : EngineFactory
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await using var store = ReadModelStore.Create(ConnectionString);
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        await new ContactDirectory(store).SaveAsync(
            new ContactProfile("acme:legacy-rita", "acme", "legacy-rita", "Rita", "Antiga", [new ContactPhone("+351912000555", "mobile")]), default);
    }
}

/// <summary>At startup every directory document written before directory events becomes a ContactEntered by "directory-import".</summary>
public sealed class DirectoryImportTests(LegacyDirectoryEngineFactory engine) : IClassFixture<LegacyDirectoryEngineFactory>
{
    [Fact]
    public async Task A_document_written_before_directory_events_is_imported_at_startup_and_then_changed_through_its_conversation()
    {
        var agent = engine.CreateClient().As(TestKeys.AcmeAgent1);
        var directory = engine.Services.GetRequiredService<ContactDirectory>();
        await engine.Services.GetRequiredService<DirectoryImport>().Completed.WaitAsync(TimeSpan.FromSeconds(30));
        await engine.ReadSideCaughtUpAsync(); // the import's events, projected over the old documents
        Assert.Equal(0, await directory.CountNotImportedAsync(default));

        using (var details = JsonDocument.Parse(await agent.GetStringAsync("/api/v1/directory/contacts/legacy-rita")))
        {
            var profile = details.RootElement.GetProperty("profile");
            Assert.Equal("Antiga", profile.GetProperty("lastName").GetString());
            Assert.Equal("+351912000555", profile.GetProperty("phoneNumbers")[0].GetProperty("number").GetString());
            Assert.Equal(JsonValueKind.String, profile.GetProperty("enteredAt").ValueKind);
        }

        // The conversation knows the entry now: creating it again is a conflict, and a change goes through.
        var again = await agent.PostAsJsonAsync("/api/v1/directory/contacts", new { contact = "legacy-rita", firstName = "Rita" });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var renamed = await agent.PutAsJsonAsync("/api/v1/directory/contacts/legacy-rita", new { lastName = "Nova" });
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        Assert.Equal("Nova", (await renamed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("lastName").GetString());
    }
}
