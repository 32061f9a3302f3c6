using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Sas.Interop.Store.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class UnavailabilityNotifications : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "unavailability_notifications",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Stream = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    Sequence = table.Column<int>(type: "integer", nullable: false),
                    IdentifierSystem = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    IdentifierValue = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    ResourceJson = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    State = table.Column<int>(type: "integer", nullable: false),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    EnqueuedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    NextAttemptAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    LastAttemptAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    DeliveredAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    LastError = table.Column<string>(type: "text", nullable: true, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_unavailability_notifications", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_unavailability_notifications_State_NextAttemptAtUtc",
                table: "unavailability_notifications",
                columns: new[] { "State", "NextAttemptAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_unavailability_notifications_Stream_Sequence",
                table: "unavailability_notifications",
                columns: new[] { "Stream", "Sequence" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "unavailability_notifications");
        }
    }
}
