using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sas.Interop.Store.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "appointment_outbox",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    AppointmentHubId = table.Column<string>(type: "TEXT", nullable: false),
                    Sequence = table.Column<int>(type: "INTEGER", nullable: false),
                    IdentifierSystem = table.Column<string>(type: "TEXT", nullable: false),
                    IdentifierValue = table.Column<string>(type: "TEXT", nullable: false),
                    ResourceJson = table.Column<string>(type: "TEXT", nullable: false),
                    State = table.Column<int>(type: "INTEGER", nullable: false),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    EnqueuedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    NextAttemptAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LastAttemptAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    DeliveredAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LastError = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_appointment_outbox", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "appointments",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    HubId = table.Column<string>(type: "TEXT", nullable: false),
                    PublisherId = table.Column<string>(type: "TEXT", nullable: false),
                    IdentifierSystem = table.Column<string>(type: "TEXT", nullable: false),
                    IdentifierValue = table.Column<string>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", nullable: false),
                    StartUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    EndUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    PractitionerNationalId = table.Column<string>(type: "TEXT", nullable: true),
                    SlotSourceInstance = table.Column<string>(type: "TEXT", nullable: true),
                    SlotNativeId = table.Column<string>(type: "TEXT", nullable: true),
                    ResourceJson = table.Column<string>(type: "TEXT", nullable: false),
                    LastSequence = table.Column<int>(type: "INTEGER", nullable: false),
                    ReceivedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_appointments", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "connector_states",
                columns: table => new
                {
                    InstanceId = table.Column<string>(type: "TEXT", nullable: false),
                    LastAttemptAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LastSuccessAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LastError = table.Column<string>(type: "TEXT", nullable: true),
                    ConsecutiveFailures = table.Column<int>(type: "INTEGER", nullable: false),
                    LastRunJson = table.Column<string>(type: "TEXT", nullable: true),
                    PausedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_connector_states", x => x.InstanceId);
                });

            migrationBuilder.CreateTable(
                name: "daily_slot_snapshots",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Department = table.Column<string>(type: "TEXT", nullable: false),
                    Commune = table.Column<string>(type: "TEXT", nullable: false),
                    FreeSlots = table.Column<int>(type: "INTEGER", nullable: false),
                    Ambulatory = table.Column<int>(type: "INTEGER", nullable: false),
                    HomeVisit = table.Column<int>(type: "INTEGER", nullable: false),
                    Virtual = table.Column<int>(type: "INTEGER", nullable: false),
                    Public = table.Column<int>(type: "INTEGER", nullable: false),
                    Pro = table.Column<int>(type: "INTEGER", nullable: false),
                    Snp = table.Column<int>(type: "INTEGER", nullable: false),
                    Cpts = table.Column<int>(type: "INTEGER", nullable: false),
                    TakenAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_daily_slot_snapshots", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "feed_quality_reports",
                columns: table => new
                {
                    InstanceId = table.Column<string>(type: "TEXT", nullable: false),
                    RunAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ReportJson = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_feed_quality_reports", x => x.InstanceId);
                });

            migrationBuilder.CreateTable(
                name: "healthcare_services",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SourceInstance = table.Column<string>(type: "TEXT", nullable: false),
                    NativeId = table.Column<string>(type: "TEXT", nullable: false),
                    OrganizationNativeId = table.Column<string>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", nullable: true),
                    SourceLastUpdatedUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    FetchedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: true),
                    VersionedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_healthcare_services", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "locations",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SourceInstance = table.Column<string>(type: "TEXT", nullable: false),
                    NativeId = table.Column<string>(type: "TEXT", nullable: false),
                    OrganizationNativeId = table.Column<string>(type: "TEXT", nullable: false),
                    IdentifierJson = table.Column<string>(type: "TEXT", nullable: true),
                    Name = table.Column<string>(type: "TEXT", nullable: true),
                    AddressJson = table.Column<string>(type: "TEXT", nullable: true),
                    PostalCode = table.Column<string>(type: "TEXT", nullable: true),
                    TelecomsJson = table.Column<string>(type: "TEXT", nullable: false),
                    HoursJson = table.Column<string>(type: "TEXT", nullable: false),
                    SourceLastUpdatedUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    FetchedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: true),
                    VersionedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_locations", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "organizations",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SourceInstance = table.Column<string>(type: "TEXT", nullable: false),
                    NativeId = table.Column<string>(type: "TEXT", nullable: false),
                    NationalId = table.Column<string>(type: "TEXT", nullable: true),
                    IdentifierJson = table.Column<string>(type: "TEXT", nullable: true),
                    Name = table.Column<string>(type: "TEXT", nullable: true),
                    TelecomsJson = table.Column<string>(type: "TEXT", nullable: false),
                    SourceLastUpdatedUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    FetchedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: true),
                    VersionedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_organizations", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "places",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SourceInstance = table.Column<string>(type: "TEXT", nullable: false),
                    NativeId = table.Column<string>(type: "TEXT", nullable: false),
                    PractitionerNativeId = table.Column<string>(type: "TEXT", nullable: false),
                    LocationIdentifierJson = table.Column<string>(type: "TEXT", nullable: true),
                    LocationName = table.Column<string>(type: "TEXT", nullable: true),
                    AddressJson = table.Column<string>(type: "TEXT", nullable: true),
                    PostalCode = table.Column<string>(type: "TEXT", nullable: true),
                    Latitude = table.Column<double>(type: "REAL", nullable: true),
                    Longitude = table.Column<double>(type: "REAL", nullable: true),
                    OrganizationJson = table.Column<string>(type: "TEXT", nullable: true),
                    TelecomsJson = table.Column<string>(type: "TEXT", nullable: false),
                    SpecialtiesJson = table.Column<string>(type: "TEXT", nullable: false),
                    SourceLastUpdatedUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    FetchedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: true),
                    VersionedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_places", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "practitioner_solicitations",
                columns: table => new
                {
                    PractitionerNationalId = table.Column<string>(type: "TEXT", nullable: false),
                    LastSolicitedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Appointments = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_practitioner_solicitations", x => x.PractitionerNationalId);
                });

            migrationBuilder.CreateTable(
                name: "practitioners",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SourceInstance = table.Column<string>(type: "TEXT", nullable: false),
                    NativeId = table.Column<string>(type: "TEXT", nullable: false),
                    NationalId = table.Column<string>(type: "TEXT", nullable: false),
                    Family = table.Column<string>(type: "TEXT", nullable: true),
                    GivenJson = table.Column<string>(type: "TEXT", nullable: false),
                    TelecomsJson = table.Column<string>(type: "TEXT", nullable: false),
                    SourceLastUpdatedUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    FetchedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: true),
                    VersionedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_practitioners", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "sas_search_counts",
                columns: table => new
                {
                    Day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Count = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sas_search_counts", x => x.Day);
                });

            migrationBuilder.CreateTable(
                name: "schedules",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SourceInstance = table.Column<string>(type: "TEXT", nullable: false),
                    NativeId = table.Column<string>(type: "TEXT", nullable: false),
                    PractitionerNativeId = table.Column<string>(type: "TEXT", nullable: true),
                    PlaceNativeId = table.Column<string>(type: "TEXT", nullable: true),
                    LocationNativeId = table.Column<string>(type: "TEXT", nullable: true),
                    SourceLastUpdatedUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    FetchedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: true),
                    VersionedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_schedules", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "slots",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SourceInstance = table.Column<string>(type: "TEXT", nullable: false),
                    NativeId = table.Column<string>(type: "TEXT", nullable: false),
                    ScheduleNativeId = table.Column<string>(type: "TEXT", nullable: false),
                    PractitionerNationalId = table.Column<string>(type: "TEXT", nullable: true),
                    OrganizationNationalId = table.Column<string>(type: "TEXT", nullable: true),
                    CptsServicesJson = table.Column<string>(type: "TEXT", nullable: false),
                    StartUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    EndUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    StartOffsetMinutes = table.Column<int>(type: "INTEGER", nullable: false),
                    EndOffsetMinutes = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    Types = table.Column<int>(type: "INTEGER", nullable: false),
                    Modes = table.Column<int>(type: "INTEGER", nullable: false),
                    AppointmentKind = table.Column<int>(type: "INTEGER", nullable: false),
                    SpecialtiesJson = table.Column<string>(type: "TEXT", nullable: false),
                    MotivesJson = table.Column<string>(type: "TEXT", nullable: false),
                    BookingUrl = table.Column<string>(type: "TEXT", nullable: true),
                    SourceLastUpdatedUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    FetchedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: true),
                    VersionedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_slots", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_appointment_outbox_AppointmentHubId_Sequence",
                table: "appointment_outbox",
                columns: new[] { "AppointmentHubId", "Sequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_appointment_outbox_State_NextAttemptAtUtc",
                table: "appointment_outbox",
                columns: new[] { "State", "NextAttemptAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_appointments_HubId",
                table: "appointments",
                column: "HubId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_appointments_IdentifierSystem_IdentifierValue",
                table: "appointments",
                columns: new[] { "IdentifierSystem", "IdentifierValue" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_appointments_PublisherId_IdentifierSystem_IdentifierValue",
                table: "appointments",
                columns: new[] { "PublisherId", "IdentifierSystem", "IdentifierValue" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_daily_slot_snapshots_Day_Department_Commune",
                table: "daily_slot_snapshots",
                columns: new[] { "Day", "Department", "Commune" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_healthcare_services_SourceInstance_NativeId",
                table: "healthcare_services",
                columns: new[] { "SourceInstance", "NativeId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_locations_SourceInstance_NativeId",
                table: "locations",
                columns: new[] { "SourceInstance", "NativeId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_organizations_SourceInstance_NativeId",
                table: "organizations",
                columns: new[] { "SourceInstance", "NativeId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_places_Latitude_Longitude",
                table: "places",
                columns: new[] { "Latitude", "Longitude" });

            migrationBuilder.CreateIndex(
                name: "IX_places_SourceInstance_NativeId",
                table: "places",
                columns: new[] { "SourceInstance", "NativeId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_practitioners_NationalId",
                table: "practitioners",
                column: "NationalId");

            migrationBuilder.CreateIndex(
                name: "IX_practitioners_SourceInstance_NativeId",
                table: "practitioners",
                columns: new[] { "SourceInstance", "NativeId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_schedules_SourceInstance_NativeId",
                table: "schedules",
                columns: new[] { "SourceInstance", "NativeId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_slots_OrganizationNationalId_Status_StartUtc",
                table: "slots",
                columns: new[] { "OrganizationNationalId", "Status", "StartUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_slots_PractitionerNationalId_Status_StartUtc",
                table: "slots",
                columns: new[] { "PractitionerNationalId", "Status", "StartUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_slots_SourceInstance_NativeId",
                table: "slots",
                columns: new[] { "SourceInstance", "NativeId" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "appointment_outbox");

            migrationBuilder.DropTable(
                name: "appointments");

            migrationBuilder.DropTable(
                name: "connector_states");

            migrationBuilder.DropTable(
                name: "daily_slot_snapshots");

            migrationBuilder.DropTable(
                name: "feed_quality_reports");

            migrationBuilder.DropTable(
                name: "healthcare_services");

            migrationBuilder.DropTable(
                name: "locations");

            migrationBuilder.DropTable(
                name: "organizations");

            migrationBuilder.DropTable(
                name: "places");

            migrationBuilder.DropTable(
                name: "practitioner_solicitations");

            migrationBuilder.DropTable(
                name: "practitioners");

            migrationBuilder.DropTable(
                name: "sas_search_counts");

            migrationBuilder.DropTable(
                name: "schedules");

            migrationBuilder.DropTable(
                name: "slots");
        }
    }
}
