using System.ComponentModel.DataAnnotations;

using Gatehouse.Core.ApiTokens;
using Gatehouse.Core.Users;
using Gatehouse.Server.Apps;
using Gatehouse.Server.Identity;
using Gatehouse.Server.ManagementApi;
using Gatehouse.Server.ManagementApi.ApiTokens;
using Gatehouse.Server.Pages.ResetPassword;
using Gatehouse.Server.Protocol.Issuers;
using Gatehouse.Storage;

using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Gatehouse.Server.Registration;

/// <summary>
/// <c>POST /api/internal/v1/register</c>, what <c>gatehouse register</c> calls: with the bootstrap token, creates the
/// org's first SUPER_ADMIN (without a password), an API token for the CLI and a one-time link to choose the
/// password. Outside <c>/api/v1</c>: no SSWS token can exist yet. JSON only, so a cross-site form cannot post it.
/// </summary>
internal static class RegistrationEndpoint
{
    public const string Path = "/api/internal/v1/register";
    public const string ApiTokenName = "gatehouse register";

    public static void MapRegistration(this WebApplication app) => app.MapPost(Path, RegisterAsync);

    private static async Task<IResult> RegisterAsync(
        HttpRequest request,
        GatehouseDbContext database,
        UserManager<GatehouseUser> users,
        RoleManager<IdentityRole> roles,
        SecretHasher hasher,
        BootstrapToken bootstrap,
        IssuerRegistry issuers,
        TimeProvider timeProvider,
        CancellationToken cancellationToken)
    {
        var (body, error) = await ManagementJson.ReadBodyAsync<RegisterBody>(request, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        var org = await database.Orgs.AsNoTracking().SingleAsync(cancellationToken);
        if (org.BootstrapTokenHash is null && (await users.GetUsersInRoleAsync(AdminRoles.SuperAdmin)).Count > 0)
        {
            return ManagementErrors.Error(StatusCodes.Status403Forbidden, "E0000006",
                "This Gatehouse already has an administrator. Ask them for an API token and run `gatehouse login`.");
        }

        // SecretHasher.Verify compares in constant time; a missing hash (token spent) fails the same way.
        if (!hasher.Verify(body!.BootstrapToken ?? string.Empty, org.BootstrapTokenHash ?? string.Empty))
        {
            return ManagementErrors.Error(StatusCodes.Status401Unauthorized, "E0000011",
                "Invalid bootstrap token. Use the token `gatehouse serve` printed at start (also in DATA/bootstrap-token).");
        }

        var causes = Validate(body.Profile);
        if (causes.Count > 0)
        {
            return ManagementErrors.Validation("profile", causes);
        }

        // Claim the token atomically: of two concurrent requests with it, only one creates an admin.
        var claimed = await database.Orgs.Where(candidate => candidate.Id == org.Id && candidate.BootstrapTokenHash == org.BootstrapTokenHash)
            .ExecuteUpdateAsync(setters => setters.SetProperty(candidate => candidate.BootstrapTokenHash, (string?)null), cancellationToken);
        if (claimed != 1)
        {
            return ManagementErrors.Error(StatusCodes.Status401Unauthorized, "E0000011", "Invalid bootstrap token: it was already used.");
        }

        var profile = body.Profile!;
        var now = timeProvider.GetUtcNow();
        var user = new GatehouseUser
        {
            UserName = profile.Email!.Trim(),
            Email = profile.Email.Trim(),
            FirstName = profile.FirstName!.Trim(),
            LastName = profile.LastName!.Trim(),
            // ACTIVE at once, as after `okta register`: the API token works before the password is chosen.
            Status = UserStatus.Active,
            Created = now,
            LastUpdated = now,
        };
        var created = await users.CreateAsync(user);
        if (!created.Succeeded)
        {
            // Give the token back: nothing was created, the operator may correct the answers and retry.
            await database.Orgs.Where(candidate => candidate.Id == org.Id)
                .ExecuteUpdateAsync(setters => setters.SetProperty(candidate => candidate.BootstrapTokenHash, org.BootstrapTokenHash), CancellationToken.None);
            return ManagementErrors.Validation("profile", created.Errors.Select(failure => "email: " + failure.Description));
        }

        if (!await roles.RoleExistsAsync(AdminRoles.SuperAdmin))
        {
            await roles.CreateAsync(new IdentityRole(AdminRoles.SuperAdmin));
        }

        await users.AddToRoleAsync(user, AdminRoles.SuperAdmin);
        var apiToken = ApiTokenService.NewValue();
        database.ApiTokens.Add(new ApiToken { Name = ApiTokenName, UserId = user.Id, TokenHash = hasher.Hash(apiToken), Created = now });
        await database.SaveChangesAsync(cancellationToken);
        bootstrap.Spend();

        var resetToken = await users.GeneratePasswordResetTokenAsync(user);
        return TypedResults.Json(new RegisterResponse(
            issuers.Origin,
            apiToken,
            user.Id,
            user.UserName,
            ResetPasswordLink.Create(issuers.Origin, user.Id, resetToken),
            ManagementJson.FormatDate(now.Add(ResetPasswordTokenProvider.Lifetime))), ManagementJson.Options);
    }

    private static List<string> Validate(RegisterProfile? profile)
    {
        var causes = new List<string>();
        if (string.IsNullOrWhiteSpace(profile?.FirstName) || profile.FirstName.Length > 50)
        {
            causes.Add("firstName: Enter a first name (at most 50 characters).");
        }

        if (string.IsNullOrWhiteSpace(profile?.LastName) || profile.LastName.Length > 50)
        {
            causes.Add("lastName: Enter a last name (at most 50 characters).");
        }

        if (string.IsNullOrWhiteSpace(profile?.Email) || profile.Email.Length > 100 || !new EmailAddressAttribute().IsValid(profile.Email.Trim()))
        {
            causes.Add("email: Enter a valid email address.");
        }

        return causes;
    }
}

internal sealed class RegisterBody
{
    public string? BootstrapToken { get; set; }

    public RegisterProfile? Profile { get; set; }
}

internal sealed class RegisterProfile
{
    public string? FirstName { get; set; }

    public string? LastName { get; set; }

    public string? Email { get; set; }
}

internal sealed record RegisterResponse(string OrgUrl, string ApiToken, string UserId, string Login, string SetPasswordUrl, string SetPasswordExpiresAt);
