using System.Linq.Expressions;
using System.Reflection;

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Gatehouse.Storage;

/// <summary>
/// Gives the queries written for SQLite the same meaning on PostgreSQL, before EF Core translates them:
/// <list type="bullet">
/// <item><c>EF.Functions.Like</c> becomes <c>ILIKE</c>: SQLite's <c>LIKE</c> is case-insensitive (for ASCII), and the
/// management API's <c>q</c> searches rely on it; PostgreSQL's <c>LIKE</c> is case-sensitive.</item>
/// <item><c>EF.Functions.Collate(column, "NOCASE")</c> becomes the column itself: the columns collated <c>NOCASE</c> in
/// the SQLite model are <c>citext</c> in the PostgreSQL model (<see cref="PostgresGatehouseDbContext"/>), so
/// comparisons on them are already case-insensitive and use their indexes; PostgreSQL has no <c>NOCASE</c> collation.</item>
/// </list>
/// </summary>
public sealed class PostgresCaseInsensitiveQueries : ExpressionVisitor, IQueryExpressionInterceptor
{
    private static readonly MethodInfo Like = typeof(DbFunctionsExtensions).GetMethod(
        nameof(DbFunctionsExtensions.Like), [typeof(DbFunctions), typeof(string), typeof(string)])!;

    private static readonly MethodInfo LikeWithEscape = typeof(DbFunctionsExtensions).GetMethod(
        nameof(DbFunctionsExtensions.Like), [typeof(DbFunctions), typeof(string), typeof(string), typeof(string)])!;

    private static readonly MethodInfo ILike = typeof(NpgsqlDbFunctionsExtensions).GetMethod(
        nameof(NpgsqlDbFunctionsExtensions.ILike), [typeof(DbFunctions), typeof(string), typeof(string)])!;

    private static readonly MethodInfo ILikeWithEscape = typeof(NpgsqlDbFunctionsExtensions).GetMethod(
        nameof(NpgsqlDbFunctionsExtensions.ILike), [typeof(DbFunctions), typeof(string), typeof(string), typeof(string)])!;

    private static readonly MethodInfo Collate = typeof(RelationalDbFunctionsExtensions).GetMethod(nameof(RelationalDbFunctionsExtensions.Collate))!;

    private PostgresCaseInsensitiveQueries()
    {
    }

    public static PostgresCaseInsensitiveQueries Instance { get; } = new();

    public Expression QueryCompilationStarting(Expression queryExpression, QueryExpressionEventData eventData) => Visit(queryExpression);

    protected override Expression VisitMethodCall(MethodCallExpression node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var method = node.Method;
        if (method == Like || method == LikeWithEscape)
        {
            var arguments = node.Arguments.Select(Visit).ToArray();
            return Expression.Call(method == Like ? ILike : ILikeWithEscape, arguments!);
        }

        if (method.IsGenericMethod && method.GetGenericMethodDefinition() == Collate
            && node.Arguments[2] is ConstantExpression { Value: PostgresGatehouseDbContext.NoCaseCollation })
        {
            return Visit(node.Arguments[1]);
        }

        return base.VisitMethodCall(node);
    }
}
