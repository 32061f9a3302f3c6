using Refit;

namespace Sas.Interop.Connectors.AgendaPlus;

/// <summary>
/// The AgendaPlus API. The key goes in a per-call header parameter, never in the HttpClient's default headers:
/// the client belongs to this instance, but nothing about credentials should leak through shared state.
/// </summary>
[Headers("Accept: application/json")]
internal interface IAgendaPlusApi
{
    public const string ApiKeyHeader = "X-AgendaPlus-Key";

    [Get("/api/v2/practitioners/{rpps}/agendas")]
    Task<IApiResponse<List<AgendaDto>>> GetAgendasAsync(string rpps, [Header(ApiKeyHeader)] string apiKey, CancellationToken cancellationToken);

    [Get("/api/v2/agendas/{agendaId}/motives")]
    Task<List<MotiveDto>> GetMotivesAsync(string agendaId, [Header(ApiKeyHeader)] string apiKey, CancellationToken cancellationToken);

    [Get("/api/v2/agendas/{agendaId}/availabilities")]
    Task<AvailabilitiesDto> GetAvailabilitiesAsync(
        string agendaId,
        [AliasAs("motive_id")] int motiveId,
        [AliasAs("start_date")] string startDate,
        int days,
        [Header(ApiKeyHeader)] string apiKey,
        CancellationToken cancellationToken);
}
