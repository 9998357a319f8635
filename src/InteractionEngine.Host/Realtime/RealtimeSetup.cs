using InteractionEngine.Projections.Realtime;

namespace InteractionEngine.Host.Realtime;

public static class RealtimeSetup
{
    public static IServiceCollection AddRealtime(this IServiceCollection services)
    {
        services.AddSignalR().AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
        return services.AddSingleton<SubscriptionRegistry>().AddSingleton<IChangeSubscribers>(sp => sp.GetRequiredService<SubscriptionRegistry>())
            .AddHostedService<ChangeRelay>();
    }
}
