using System.ComponentModel;
using InteractionEngine.Projections.Store;
using Spectre.Console.Cli;

namespace InteractionEngine.Cli.Infrastructure;

/// <summary>Options every command shares: where the database is, which read model schema, and --json.</summary>
public class EngineSettings : CommandSettings
{
    [CommandOption("--connection <CONNECTION_STRING>")]
    [Description("PostgreSQL connection string (default: ConnectionStrings:Postgres from config/environment, else the embedded database under <repo>/.data/postgres)")]
    public string? Connection { get; init; }

    [CommandOption("--schema <SCHEMA>")]
    [Description("Read model schema (default read_model)")]
    [DefaultValue(ReadModelStore.DefaultSchema)]
    public string Schema { get; init; } = ReadModelStore.DefaultSchema;

    [CommandOption("--json")]
    [Description("Machine-readable output on stdout")]
    public bool Json { get; init; }
}
