using System.Net;

using Gatehouse.Core.Users;
using Gatehouse.Server.Tests.Infrastructure;

using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gatehouse.Server.Tests.ManagementApi;

/// <summary>An unexpected failure inside <c>/api/v1</c> is Okta's E0000009 without any detail, never a page or a stack trace.</summary>
public sealed class ApiExceptionTests
{
    [Fact]
    public async Task Api_ExceptionIsE0000009WithoutDetails()
    {
        var failure = new FailureSwitch();
        await using var server = await GatehouseServer.StartAsync(configureServices: services =>
        {
            services.AddSingleton(failure);
            services.Replace(ServiceDescriptor.Scoped<UserManager<GatehouseUser>, FailingUserManager>());
        });
        using var api = new ManagementApiClient(server);
        failure.Fail = true;

        var response = await api.GetAsync("/api/v1/groups");

        var causes = response.AssertOktaError(HttpStatusCode.InternalServerError, "E0000009");
        Assert.Empty(causes);
        Assert.DoesNotContain(FailingUserManager.Detail, response.Json.GetRawText(), StringComparison.Ordinal);
    }

    private sealed class FailureSwitch
    {
        public bool Fail { get; set; }
    }

    /// <summary>Fails role lookups once switched on (after the seed has used them).</summary>
    private sealed class FailingUserManager(
        FailureSwitch failure,
        IUserStore<GatehouseUser> store,
        IOptions<IdentityOptions> options,
        IPasswordHasher<GatehouseUser> passwordHasher,
        IEnumerable<IUserValidator<GatehouseUser>> userValidators,
        IEnumerable<IPasswordValidator<GatehouseUser>> passwordValidators,
        ILookupNormalizer normalizer,
        IdentityErrorDescriber errors,
        IServiceProvider services,
        ILogger<UserManager<GatehouseUser>> logger)
        : UserManager<GatehouseUser>(store, options, passwordHasher, userValidators, passwordValidators, normalizer, errors, services, logger)
    {
        public const string Detail = "secret-internal-detail";

        public override Task<IList<string>> GetRolesAsync(GatehouseUser user) =>
            failure.Fail ? throw new InvalidOperationException(Detail) : base.GetRolesAsync(user);
    }
}
