using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sas.Interop.Store.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class BookingRights : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_appointments_IdentifierSystem_IdentifierValue",
                table: "appointments");

            migrationBuilder.AddColumn<string>(
                name: "SasId",
                table: "appointments",
                type: "text",
                nullable: true,
                collation: "C");

            migrationBuilder.CreateTable(
                name: "booking_decisions",
                columns: table => new
                {
                    PractitionerNationalId = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    PublisherId = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    Granted = table.Column<bool>(type: "boolean", nullable: false),
                    DecidedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    DecidedBy = table.Column<string>(type: "text", nullable: true, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_booking_decisions", x => new { x.PractitionerNationalId, x.PublisherId });
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "booking_decisions");

            migrationBuilder.DropColumn(
                name: "SasId",
                table: "appointments");

            migrationBuilder.CreateIndex(
                name: "IX_appointments_IdentifierSystem_IdentifierValue",
                table: "appointments",
                columns: new[] { "IdentifierSystem", "IdentifierValue" },
                unique: true);
        }
    }
}
