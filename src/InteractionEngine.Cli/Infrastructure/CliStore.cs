using InteractionEngine.Projections.ReadModels;
using InteractionEngine.Projections.Store;
using JasperFx.Events.Daemon;
using Marten;

namespace InteractionEngine.Cli.Infrastructure;

internal static class CliStore
{
    /// <summary>
    /// The engine's store configuration. The CLI runs daemons only on demand (rebuilds), and saying so keeps Marten
    /// from printing its "async daemon is disabled" warning onto stdout, where --json output goes.
    /// </summary>
    public static DocumentStore Create(string connectionString, string schema, SearchLanguages searchLanguages) => DocumentStore.For(options =>
    {
        ReadModelStore.Configure(options, connectionString, schema, searchLanguages);
        options.Projections.AsyncMode = DaemonMode.ExternallyManaged;
    });
}
