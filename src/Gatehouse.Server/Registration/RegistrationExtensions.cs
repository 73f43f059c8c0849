namespace Gatehouse.Server.Registration;

internal static class RegistrationExtensions
{
    public static IServiceCollection AddGatehouseRegistration(this IServiceCollection services)
    {
        services.AddSingleton<BootstrapToken>();
        return services;
    }
}
