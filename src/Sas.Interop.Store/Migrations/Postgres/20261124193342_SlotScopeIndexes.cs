using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sas.Interop.Store.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class SlotScopeIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_slots_SourceInstance_OrganizationNationalId_StartUtc",
                table: "slots",
                columns: new[] { "SourceInstance", "OrganizationNationalId", "StartUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_slots_SourceInstance_PractitionerNationalId_StartUtc",
                table: "slots",
                columns: new[] { "SourceInstance", "PractitionerNationalId", "StartUtc" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_slots_SourceInstance_OrganizationNationalId_StartUtc",
                table: "slots");

            migrationBuilder.DropIndex(
                name: "IX_slots_SourceInstance_PractitionerNationalId_StartUtc",
                table: "slots");
        }
    }
}
