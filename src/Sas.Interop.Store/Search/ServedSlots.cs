using System.Collections.ObjectModel;
using System.Linq.Expressions;
using Sas.Interop.Core.Canonical;
using Sas.Interop.Store.Entities;

namespace Sas.Interop.Store;

/// <summary>
/// THE rule of which slots a search may serve, written once: the asked status (free), not withheld (R7,
/// <see cref="SlotRow.Unavailable"/>), fresh (fetched at or after the cut-off, when one is asked) and, for the
/// PS-individuel profile, not open to CPTS structures only. Every served-slot query starts from
/// <see cref="Served"/> (translated to SQL by EF on both engines) and the served cache applies the same expression,
/// compiled once, in memory (<see cref="Serves"/>). The window, the practitioners and the slot-level filters are each
/// search's own.
/// </summary>
internal static class ServedSlots
{
    /// <summary>A slot typed CPTS only: served by the CPTS profile alone (its type has no code in the PS-individuel one).</summary>
    public const int CptsOnly = (int)SlotTypes.Cpts;

    // (slot status, withheld, fetched at, types, ask) => served.
    private static readonly Expression<Func<int, bool, DateTime, int, ServedSlotAsk, bool>> Rule = (status, withheld, fetchedAtUtc, types, ask) =>
        status == ask.Status
        && !withheld
        && (!ask.Fresh || fetchedAtUtc >= ask.FetchedSinceUtc)
        && (!ask.PsIndividual || types != CptsOnly);

    private static readonly Func<int, bool, DateTime, int, ServedSlotAsk, bool> Compiled = Rule.Compile();

    /// <summary>The slots of <paramref name="slots"/> the rule serves for <paramref name="ask"/>, in SQL.</summary>
    public static IQueryable<SlotRow> Served(this IQueryable<SlotRow> slots, ServedSlotAsk ask) => slots.Where(ForRows(ask));

    /// <summary>The rule on a cached slot (the cache holds no withheld slot: it is read through <see cref="Served"/>).</summary>
    public static bool Serves(this ServedSlotAsk ask, AgendaSlot slot) => Compiled(slot.Status, false, slot.FetchedAtUtc, slot.Types, ask);

    /// <summary>
    /// The rule over a <see cref="SlotRow"/>: its values put in place of the slot's parameters, the ask's switches
    /// folded away (so the SQL has no <c>@p = 0 OR ...</c> term) and its values as query parameters, as a closure gives.
    /// </summary>
    private static Expression<Func<SlotRow, bool>> ForRows(ServedSlotAsk ask)
    {
        var row = Expression.Parameter(typeof(SlotRow), "s");
        var body = new Inliner(Rule.Parameters, row, ask).Visit(Rule.Body);
        return Expression.Lambda<Func<SlotRow, bool>>(body, row);
    }

    /// <summary>The values a query is asked with: fields of a captured object, as a compiler's closure, so EF makes them parameters.</summary>
    private sealed class Asked(ServedSlotAsk ask)
    {
        public int Status = ask.Status;
        public DateTime FetchedSinceUtc = ask.FetchedSinceUtc;
    }

    private sealed class Inliner(ReadOnlyCollection<ParameterExpression> parameters, ParameterExpression row, ServedSlotAsk ask) : ExpressionVisitor
    {
        private readonly ConstantExpression _asked = Expression.Constant(new Asked(ask));

        protected override Expression VisitParameter(ParameterExpression node) =>
            parameters.IndexOf(node) switch
            {
                0 => Expression.Property(row, nameof(SlotRow.Status)),
                1 => Expression.Property(row, nameof(SlotRow.Unavailable)),
                2 => Expression.Property(row, nameof(SlotRow.FetchedAtUtc)),
                3 => Expression.Property(row, nameof(SlotRow.Types)),
                _ => throw new InvalidOperationException("The ask is only read through its members."),
            };

        protected override Expression VisitMember(MemberExpression node) =>
            node.Expression == parameters[4]
                ? node.Member.Name switch
                {
                    nameof(ServedSlotAsk.Fresh) => Expression.Constant(ask.Fresh),
                    nameof(ServedSlotAsk.PsIndividual) => Expression.Constant(ask.PsIndividual),
                    nameof(ServedSlotAsk.Status) => Expression.Field(_asked, nameof(Asked.Status)),
                    nameof(ServedSlotAsk.FetchedSinceUtc) => Expression.Field(_asked, nameof(Asked.FetchedSinceUtc)),
                    _ => throw new InvalidOperationException($"ServedSlotAsk.{node.Member.Name} is not inlined."),
                }
                : base.VisitMember(node);

        protected override Expression VisitUnary(UnaryExpression node)
        {
            var operand = Visit(node.Operand);
            return node.NodeType == ExpressionType.Not && operand is ConstantExpression { Value: bool value }
                ? Expression.Constant(!value)
                : node.Update(operand);
        }

        protected override Expression VisitBinary(BinaryExpression node)
        {
            var left = Visit(node.Left);
            var right = Visit(node.Right);
            return (node.NodeType, left, right) switch
            {
                (ExpressionType.OrElse, ConstantExpression { Value: true }, _) => left,
                (ExpressionType.OrElse, ConstantExpression { Value: false }, _) => right,
                (ExpressionType.AndAlso, ConstantExpression { Value: true }, _) => right,
                (ExpressionType.AndAlso, _, ConstantExpression { Value: true }) => left,
                _ => node.Update(left, node.Conversion, right),
            };
        }
    }
}
