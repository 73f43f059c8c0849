using Microsoft.AspNetCore.Identity;

namespace Gatehouse.Server.Registration;

internal static class RegistrationExtensions
{
    public static IServiceCollection AddGatehouseRegistration(this IServiceCollection services)
    {
        services.AddSingleton<BootstrapToken>();
        services.AddSingleton<SetPasswordTokenProvider>();
        services.Configure<IdentityOptions>(identity =>
        {
            identity.Tokens.ProviderMap[SetPasswordTokenProvider.ProviderName] = new TokenProviderDescriptor(typeof(SetPasswordTokenProvider));
            identity.Tokens.PasswordResetTokenProvider = SetPasswordTokenProvider.ProviderName;
        });
        return services;
    }
}
