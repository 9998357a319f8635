using InteractionEngine.Actors.Agents;
using InteractionEngine.Actors.Conversations;
using InteractionEngine.Actors.Hosting;
using InteractionEngine.Channels.WhatsApp;
using InteractionEngine.EmbeddedPostgres;
using InteractionEngine.Host.Agents;
using InteractionEngine.Host.Attachments;
using InteractionEngine.Host.Channels;
using InteractionEngine.Host.Contacts;
using InteractionEngine.Host.Conversations;
using InteractionEngine.Host.Database;
using InteractionEngine.Host.Health;
using InteractionEngine.Host.Http;
using InteractionEngine.Host.Realtime;
using InteractionEngine.Host.Security;
using InteractionEngine.Projections.Pipeline;
using InteractionEngine.Projections.ReadYourWrites;
using InteractionEngine.Projections.Store;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Serilog;
using Serilog.Extensions.Logging;

// Configuration ships next to the binary (linked from config/), so the engine runs the same from any folder.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
// Logs what happens before the host exists (starting the embedded database) and why the engine stopped.
// Not a reloadable bootstrap logger: those can be frozen once per process, and tests run several hosts.
await using var startupLogger = new LoggerConfiguration().ReadFrom.Configuration(builder.Configuration).CreateLogger();
try
{
    // Bodies over 1 MB are refused with 413 (attachment uploads raise their own limit).
    builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = BodySizeLimitMiddleware.DefaultLimit);
    var database = await EngineDatabaseResolver.ResolveAsync(builder.Configuration, new SerilogLoggerFactory(startupLogger).CreateLogger("Database"));

    // Also becomes the static Log.Logger, which Akka's SerilogLogger writes to.
    builder.Services.AddSerilog((services, logger) => logger.ReadFrom.Configuration(builder.Configuration).ReadFrom.Services(services));
    builder.Services.AddSingleton(database);
    builder.Services.AddHostedService<EmbeddedDatabaseShutdown>(); // before Akka: stops after it
    builder.Services.AddSingleton(TimeProvider.System);
    builder.Services.AddEngineStorage(database.ConnectionString, InteractionEngine.Projections.ReadModels.SearchLanguages.FromConfiguration(builder.Configuration));
    builder.Services.AddSingleton(InteractionEngine.Projections.ReadModels.AgentRoster.FromConfiguration(builder.Configuration));
    builder.Services.AddReadSidePipeline(builder.Configuration);
    builder.Services.AddEngineActorSystem(builder.Configuration, database.ConnectionString);
    builder.Services.AddAgentDesk(builder.Configuration); // agent state: settings, actors, gateway
    builder.Services.AddSingleton<CommandSender>();
    builder.Services.AddSingleton<DirectoryCommandSender>();
    // Directory documents written before directory events become ContactEntered events once (after the actor system starts).
    builder.Services.AddSingleton<InteractionEngine.Projections.Directory.DirectoryImport>()
        .AddHostedService(sp => sp.GetRequiredService<InteractionEngine.Projections.Directory.DirectoryImport>());
    builder.Services.AddEngineSecurity(builder.Configuration);
    builder.Services.AddRealtime();
    builder.Services.AddReadYourWrites(builder.Configuration);
    // Its services and its outbound dispatcher (a cluster singleton journal follower, like the read-side pipeline).
    builder.Services.AddWhatsAppChannel(builder.Configuration);
    builder.Services.AddEngineHttpContract();
    builder.Services.AddProblemDetails();
    builder.Services.AddExceptionHandler<BadRequestExceptionHandler>();
    builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
    builder.Services.AddHealthChecks()
        .AddCheck<DatabaseHealthCheck>("database", tags: ["ready"])
        .AddCheck<ClusterHealthCheck>("cluster", tags: ["ready"])
        .AddCheck<PipelineHealthCheck>("pipeline", tags: ["ready"])
        .AddCheck<WhatsAppTemplatesHealthCheck>("whatsapp-templates", tags: ["ready"])
        .AddCheck<JournalEventsHealthCheck>("journal-events", tags: ["ready"]);

    var app = builder.Build();
    app.UseMiddleware<CorrelationIdMiddleware>();
    app.UseSerilogRequestLogging();
    app.UseExceptionHandler();
    app.UseStatusCodePages();
    app.UseAuthentication();
    app.UseAuthorization();
    app.UseRateLimiter();
    app.UseMiddleware<BodySizeLimitMiddleware>();
    app.UseMiddleware<IdempotencyFingerprintMiddleware>();
    app.UseMiddleware<EnumQueryNamesMiddleware>();
    app.MapEngineHttpContract(); // /openapi/v1.json and the interactive reference at /scalar
    app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
    app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready"), ResponseWriter = HealthReportWriter.WriteAsync });
    app.MapConversationCommands();
    app.MapConversationQueries();
    app.MapAnalystApi();
    app.MapContactDirectory();
    app.MapAttachments();
    app.MapWhatsAppWebhook();
    app.MapWhatsAppAgentEndpoints();
    app.MapStartInteraction();
    app.MapWrapUpAndNotes();
    app.MapAgentDesk();
    app.MapHub<ConversationHub>("/hubs/conversations");
    await app.RunAsync();
}
catch (Exception e) when (e is not HostAbortedException)
{
    startupLogger.Fatal(e, "The engine stopped: {Reason}", e.Message);
    Environment.ExitCode = 1;
}
finally
{
    await Log.CloseAndFlushAsync();
}

public partial class Program;
