using System.Diagnostics;
using System.Diagnostics.Metrics;

using GrantTypes = OpenIddict.Abstractions.OpenIddictConstants.GrantTypes;
using OAuthErrors = OpenIddict.Abstractions.OpenIddictConstants.Errors;

namespace Gatehouse.Server.Hosting.Telemetry;

/// <summary>
/// Gatehouse's own instruments (meter <c>Gatehouse</c>; docs/operations.md lists them). Tags are low-cardinality by
/// construction: an outcome, a reason or an OAuth grant type / error code from a fixed list — never a login, a client
/// id, a token, a code or anything else a caller chose. Recording with no listener costs an <c>Enabled</c> check.
/// </summary>
internal sealed class GatehouseMetrics
{
    public const string MeterName = "Gatehouse";

    /// <summary>Anything not in a fixed list is tagged with this value, so a client cannot create label values.</summary>
    public const string Other = "other";

    private static readonly string[] KnownGrantTypes =
    [
        GrantTypes.AuthorizationCode, GrantTypes.ClientCredentials, GrantTypes.RefreshToken, GrantTypes.Password,
        GrantTypes.DeviceCode, GrantTypes.TokenExchange,
    ];

    private static readonly string[] KnownErrors =
    [
        OAuthErrors.InvalidRequest, OAuthErrors.InvalidClient, OAuthErrors.InvalidGrant, OAuthErrors.UnauthorizedClient, OAuthErrors.UnsupportedGrantType,
        OAuthErrors.InvalidScope, OAuthErrors.AccessDenied, OAuthErrors.InvalidToken, OAuthErrors.ServerError, OAuthErrors.TemporarilyUnavailable,
    ];

    private readonly Counter<long> _signIns;
    private readonly Counter<long> _lockouts;
    private readonly Counter<long> _tokenRequests;

    public GatehouseMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _signIns = meter.CreateCounter<long>("gatehouse.sign_ins", "{attempt}",
            "Password sign-ins on the hosted sign-in page, by outcome (success, failure) and failure reason (invalid_credentials, locked_out).");
        _lockouts = meter.CreateCounter<long>("gatehouse.lockouts", "{lockout}",
            "Accounts locked because a failed sign-in reached the lockout threshold.");
        _tokenRequests = meter.CreateCounter<long>("gatehouse.token.requests", "{request}",
            "Token endpoint responses, by grant_type, outcome (success, failure) and OAuth error code.");
    }

    public void SignInSucceeded()
    {
        if (_signIns.Enabled)
        {
            _signIns.Add(1, new TagList { { "outcome", "success" }, { "reason", "none" } });
        }
    }

    public void SignInFailed(bool lockedOut, bool lockedNow)
    {
        if (_signIns.Enabled)
        {
            _signIns.Add(1, new TagList { { "outcome", "failure" }, { "reason", lockedOut ? "locked_out" : "invalid_credentials" } });
        }

        if (lockedNow && _lockouts.Enabled)
        {
            _lockouts.Add(1);
        }
    }

    /// <param name="error">The OAuth error code of the response, null on success.</param>
    public void TokenRequest(string? grantType, string? error)
    {
        if (_tokenRequests.Enabled)
        {
            _tokenRequests.Add(1, new TagList
            {
                { "grant_type", GrantTypeTag(grantType) },
                { "outcome", error is null ? "success" : "failure" },
                { "error", error is null ? "none" : Known(KnownErrors, error) },
            });
        }
    }

    public static string GrantTypeTag(string? grantType) => grantType is null ? "none" : Known(KnownGrantTypes, grantType);

    private static string Known(string[] known, string value)
    {
        foreach (var candidate in known)
        {
            if (string.Equals(candidate, value, StringComparison.Ordinal))
            {
                // The constant, not the caller's string instance.
                return candidate;
            }
        }

        return Other;
    }
}
