using InteractionEngine.EmbeddedPostgres;
using InteractionEngine.Projections.EventStore;
using InteractionEngine.Projections.Queries;
using InteractionEngine.Projections.ReadModels;
using InteractionEngine.Projections.Store;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace InteractionEngine.Cli.Infrastructure;

/// <summary>
/// The engine's database for one CLI run: <c>--connection</c>, else the engine's configuration (connection string,
/// or the embedded cluster under &lt;repo&gt;/.data/postgres). An embedded server that was already running (the
/// engine's) is left running; one this run started is stopped at exit unless someone else connected meanwhile.
/// </summary>
public sealed class CliDatabase : IAsyncDisposable
{
    private readonly ResolvedDatabase _resolved;
    private DocumentStore? _store;

    private CliDatabase(ResolvedDatabase resolved, string schema, SearchLanguages searchLanguages, AgentRoster agents)
    {
        _resolved = resolved;
        Schema = schema;
        SearchLanguages = searchLanguages;
        Agents = agents;
    }

    public string ConnectionString => _resolved.ConnectionString;
    public string Schema { get; }

    /// <summary>The tenants' search languages from the engine's configuration, so a rebuild indexes as the engine does.</summary>
    public SearchLanguages SearchLanguages { get; }

    /// <summary>The live read model store (created on first use).</summary>
    public DocumentStore Store => _store ??= CliStore.Create(ConnectionString, Schema, SearchLanguages);

    /// <summary>The agents' display names from the engine's configuration, so transcripts name agents as the API does.</summary>
    public AgentRoster Agents { get; }

    public ConversationQueries Queries => new(Store, SearchLanguages, Agents);

    public EventExportReader Events => new(ConnectionString, Schema);

    public static async Task<CliDatabase> OpenAsync(CliContext context, EngineSettings settings, CancellationToken ct)
    {
        var configuration = context.Configuration;
        if (!string.IsNullOrWhiteSpace(settings.Connection))
        {
            configuration = new ConfigurationBuilder().AddConfiguration(configuration)
                .AddInMemoryCollection([new($"ConnectionStrings:{EngineDatabaseResolver.ConnectionStringName}", settings.Connection)]).Build();
        }

        ResolvedDatabase resolved;
        try
        {
            resolved = await EngineDatabaseResolver.ResolveAsync(configuration, NullLogger.Instance, ct);
        }
        catch (Exception e) when (e is PostgresBinariesNotFoundException or InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            throw new CliException($"no database: {FirstLine(e.Message)}");
        }

        SearchLanguages languages;
        try
        {
            languages = SearchLanguages.FromConfiguration(configuration);
        }
        catch (InvalidOperationException e)
        {
            throw new CliException(e.Message);
        }
        var database = new CliDatabase(resolved, settings.Schema, languages, AgentRoster.FromConfiguration(configuration));
        try
        {
            await using var connection = new NpgsqlConnection(resolved.ConnectionString);
            await connection.OpenAsync(ct);
        }
        catch (Exception e) when (e is NpgsqlException or ArgumentException or TimeoutException)
        {
            await database.DisposeAsync();
            throw new CliException($"no database: cannot connect to PostgreSQL ({FirstLine(e.Message)})");
        }
        return database;
    }

    /// <summary>Fails with one line when the read model schema has never been created (the engine never ran here).</summary>
    public async Task RequireReadModelAsync(CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(ct);
        if (!(bool)(await Sql.ScalarAsync(connection, new MartenEventTables(Schema).EventTableExists, ct))!)
            throw new CliException($"no read model in schema '{Schema}' of this database (has the engine run on it?)");
    }

    /// <summary>Unknown tenant = a tenant with no conversations.</summary>
    public async Task RequireTenantAsync(string tenant, CancellationToken ct)
    {
        await RequireReadModelAsync(ct);
        var page = await Queries.ContactsAsync(tenant, new ContactListRequest(PageSize: 1), ct);
        if (page.Contacts.Count == 0) throw new CliException($"unknown tenant '{tenant}': it has no conversations");
    }

    public async Task RequireContactAsync(string tenant, string contact, CancellationToken ct)
    {
        await RequireTenantAsync(tenant, ct);
        if (await Queries.ContactAsync(tenant, contact, ct) is null)
            throw new CliException($"unknown contact '{contact}' in tenant '{tenant}': no conversation");
    }

    public async Task<bool> TableExistsAsync(string schema, string table, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand("select to_regclass(@name) is not null", connection);
        command.Parameters.AddWithValue("name", $"\"{schema}\".\"{table}\"");
        return (bool)(await command.ExecuteScalarAsync(ct))!;
    }

    public static string FirstLine(string message)
    {
        var line = message.Split('\n', 2)[0].Trim();
        return line.Length > 0 ? line : message.Trim();
    }

    public async ValueTask DisposeAsync()
    {
        if (_store is not null) await _store.DisposeAsync();
        if (_resolved.Embedded is not { } server || _resolved.WasRunning) return;
        // Started by this run: stop it, unless another program (say the engine) connected in the meantime.
        try
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false }.ConnectionString);
            await connection.OpenAsync();
            await using var others = new NpgsqlCommand(
                "select count(*) from pg_stat_activity where backend_type = 'client backend' and pid <> pg_backend_pid()", connection);
            if ((long)(await others.ExecuteScalarAsync())! > 0) return;
        }
        catch (NpgsqlException)
        {
            // Cannot tell; stopping is what a run that started the server would do anyway.
        }
        await server.StopAsync();
    }
}
