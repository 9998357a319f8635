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
    public static DocumentStore Create(string connectionString, string schema) => DocumentStore.For(options =>
    {
        ReadModelStore.Configure(options, connectionString, schema);
        options.Projections.AsyncMode = DaemonMode.ExternallyManaged;
    });
}
