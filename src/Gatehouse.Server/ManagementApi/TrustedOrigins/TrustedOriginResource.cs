using System.Linq.Expressions;

using Gatehouse.Core.TrustedOrigins;

namespace Gatehouse.Server.ManagementApi.TrustedOrigins;

/// <summary>
/// Okta's trusted origin object: <c>{id: "tos…", name, origin, scopes: [{type: "CORS"}, {type: "REDIRECT"}], status,
/// created, createdBy, lastUpdated, lastUpdatedBy, _links}</c>.
/// </summary>
internal static class TrustedOriginResource
{
    public const string ResourceName = "TrustedOrigin";
    public const string CorsScope = "CORS";
    public const string RedirectScope = "REDIRECT";

    /// <summary>What <c>filter</c> may name; Okta filters trusted origins by name, origin and status.</summary>
    public static IReadOnlyDictionary<string, Expression<Func<TrustedOrigin, string?>>> SearchAttributes { get; } =
        new Dictionary<string, Expression<Func<TrustedOrigin, string?>>>(StringComparer.Ordinal)
        {
            ["id"] = origin => origin.Id,
            ["name"] = origin => origin.Name,
            ["origin"] = origin => origin.Origin,
            ["status"] = origin => origin.Status == TrustedOriginStatus.Active ? "ACTIVE" : "INACTIVE",
        };

    public static string StatusName(TrustedOriginStatus status) => status == TrustedOriginStatus.Active ? "ACTIVE" : "INACTIVE";

    public static object ToJson(TrustedOrigin origin, string apiOrigin)
    {
        var self = $"{apiOrigin}/api/v1/trustedOrigins/{origin.Id}";
        var scopes = new List<object>(2);
        if (origin.Cors)
        {
            scopes.Add(new { type = CorsScope });
        }

        if (origin.Redirect)
        {
            scopes.Add(new { type = RedirectScope });
        }

        var active = origin.Status == TrustedOriginStatus.Active;
        return new
        {
            id = origin.Id,
            name = origin.Name,
            origin = origin.Origin,
            scopes,
            status = StatusName(origin.Status),
            created = origin.Created,
            createdBy = origin.CreatedBy,
            lastUpdated = origin.LastUpdated,
            lastUpdatedBy = origin.LastUpdatedBy,
            _links = new Dictionary<string, object>(StringComparer.Ordinal)
            {
                ["self"] = new { href = self, hints = new { allow = new[] { "GET", "PUT", "DELETE" } } },
                [active ? "deactivate" : "activate"] = new
                {
                    href = self + (active ? "/lifecycle/deactivate" : "/lifecycle/activate"),
                    hints = new { allow = new[] { "POST" } },
                },
            },
        };
    }
}

/// <summary>The body of <c>POST</c> and <c>PUT /api/v1/trustedOrigins</c>.</summary>
internal sealed class TrustedOriginBody
{
    public string? Name { get; set; }

    public string? Origin { get; set; }

    public List<TrustedOriginScopeBody?>? Scopes { get; set; }
}

internal sealed class TrustedOriginScopeBody
{
    public string? Type { get; set; }
}
