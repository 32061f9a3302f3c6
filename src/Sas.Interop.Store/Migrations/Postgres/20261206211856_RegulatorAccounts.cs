using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Sas.Interop.Store.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class RegulatorAccounts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "regulator_account_identifiers",
                columns: table => new
                {
                    System = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    Value = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    AccountHubId = table.Column<string>(type: "text", nullable: false, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_regulator_account_identifiers", x => new { x.System, x.Value });
                });

            migrationBuilder.CreateTable(
                name: "regulator_accounts",
                columns: table => new
                {
                    HubId = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    Active = table.Column<bool>(type: "boolean", nullable: false),
                    ResourceJson = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    CreatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_regulator_accounts", x => x.HubId);
                });

            migrationBuilder.CreateTable(
                name: "regulator_outbox",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Stream = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    Destination = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    AccountHubId = table.Column<string>(type: "text", nullable: false, collation: "C"),
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
                    table.PrimaryKey("PK_regulator_outbox", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_regulator_account_identifiers_AccountHubId",
                table: "regulator_account_identifiers",
                column: "AccountHubId");

            migrationBuilder.CreateIndex(
                name: "IX_regulator_outbox_Destination",
                table: "regulator_outbox",
                column: "Destination");

            migrationBuilder.CreateIndex(
                name: "IX_regulator_outbox_State_NextAttemptAtUtc",
                table: "regulator_outbox",
                columns: new[] { "State", "NextAttemptAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_regulator_outbox_Stream_Sequence",
                table: "regulator_outbox",
                columns: new[] { "Stream", "Sequence" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "regulator_account_identifiers");

            migrationBuilder.DropTable(
                name: "regulator_accounts");

            migrationBuilder.DropTable(
                name: "regulator_outbox");
        }
    }
}
