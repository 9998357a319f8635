using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace InteractionEngine.Projections.ReadYourWrites;

public static class ReadYourWritesRegistration
{
    /// <summary>Its options ("ReadYourWrites" section, validated at start-up), the waiter, and this node's listener for read-side commits.</summary>
    public static IServiceCollection AddReadYourWrites(this IServiceCollection services, IConfiguration configuration)
    {
        var options = (configuration.GetSection("ReadYourWrites").Get<ReadYourWritesOptions>() ?? new ReadYourWritesOptions()).Validate();
        return services.AddSingleton(options).AddSingleton<ReadSideCommits>().AddSingleton<ReadSideWaiter>().AddHostedService<ReadSideCommitListener>();
    }
}
