using Hl7.Fhir.Model;

namespace Sas.Interop.Samples.Publisher;

/// <summary>What an INT_R02 write did: its status (201 created, 200 updated, 409 refused) and how its answer is lost, if it is.</summary>
internal sealed record RegulatorWriteResult(int Status, RegulatorLostAnswer? LostAnswer, Practitioner? Stored, string? Problem)
{
    public static RegulatorWriteResult Conflict(string problem) => new(409, null, null, problem);
}
