using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sas.Interop.Store.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class StructureAgendas : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "StructureType",
                table: "organizations",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "StructureCds",
                table: "daily_slot_snapshots",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "StructureMsp",
                table: "daily_slot_snapshots",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "StructureOther",
                table: "daily_slot_snapshots",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "StructureSos",
                table: "daily_slot_snapshots",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "StructureType",
                table: "organizations");

            migrationBuilder.DropColumn(
                name: "StructureCds",
                table: "daily_slot_snapshots");

            migrationBuilder.DropColumn(
                name: "StructureMsp",
                table: "daily_slot_snapshots");

            migrationBuilder.DropColumn(
                name: "StructureOther",
                table: "daily_slot_snapshots");

            migrationBuilder.DropColumn(
                name: "StructureSos",
                table: "daily_slot_snapshots");
        }
    }
}
